using System.Diagnostics;
using System.Globalization;
using System.Text;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// A standalone silo as its own OS process: <c>dotnet ControlPlane.Silo.dll</c> from the build output (Web.Tests builds it
/// through src/Web), configured through environment variables as in a pod. <see cref="Kill"/> is <c>kill -9</c>: no
/// graceful shutdown, the silo stays in the membership table until the others vote it dead.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, int port, int gatewayPort)
    {
        this.process = process;
        Port = port;
        GatewayPort = gatewayPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the redirected streams, so the message holds the silo's last words
            started.TrySetException(new InvalidOperationException($"silo on port {port} exited with {process.ExitCode}:\n{Output}"));
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int GatewayPort { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the silo and waits until its host reports started (Orleans starts a silo once it has joined the cluster).</summary>
    public static async Task<SiloProcess> StartAsync(string redis, string clusterId, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloDll());
        start.Environment["ControlPlane__Redis"] = redis;
        start.Environment["ControlPlane__Silo__ClusterId"] = clusterId;
        start.Environment["ControlPlane__Silo__Port"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["ControlPlane__Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in TestClusterTls.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var silo = new SiloProcess(Process.Start(start) ?? throw new InvalidOperationException("the silo process did not start"), port, gatewayPort);
        await silo.started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return silo;
    }

    /// <summary>
    /// src/Silo's own build output (same configuration and framework as this test's): its runtimeconfig names only the .NET
    /// runtime, so it needs its own copies of the hosting assemblies, which the test's folder takes from ASP.NET Core instead.
    /// </summary>
    private static string SiloDll()
    {
        var testProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));
        var tail = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
        var dll = Path.Combine(testProject, "..", "..", "src", "Silo", tail, "ControlPlane.Silo.dll");
        return File.Exists(dll) ? Path.GetFullPath(dll) : throw new FileNotFoundException("build src/Silo first (Web.Tests builds it through src/Web)", dll);
    }

    /// <summary><c>kill -9</c> (.NET's <see cref="Process.Kill()"/> is SIGKILL on Unix).</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    /// <summary><c>kill -STOP</c>: the process hangs (its sockets stay open, nothing answers), as a silo stuck in a long GC or on a frozen host.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary><c>kill -CONT</c>: a paused silo goes on.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as the kubelet stops a pod; the exit code, or a timeout when it did not exit within <paramref name="timeout"/>.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await ProcessExits.SendTermAsync(process);
        return await ProcessExits.ExitCodeWithinAsync(process, timeout)
            ?? throw new TimeoutException($"the silo on port {Port} did not exit within {timeout} of SIGTERM:\n{Output}");
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            started.TrySetResult();
        }
    }
}
