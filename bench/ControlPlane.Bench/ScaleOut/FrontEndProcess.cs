using System.Diagnostics;
using System.Globalization;
using System.Text;
using ControlPlane.Bench.Hosting;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>
/// A control-plane process as production runs it (web front end co-hosting a silo of a Redis cluster), started from
/// this benchmark's own output (<c>ControlPlane.Web.dll</c> is copied beside it) on the cores it is given, on 127.0.0.1.
/// </summary>
public sealed class FrontEndProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private FrontEndProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>CPU time (user + system) the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts one on <paramref name="cpus"/> (a <c>taskset -c</c> list; null: wherever the OS runs it) and waits until it is healthy.</summary>
    public static async Task<FrontEndProcess> StartAsync(string? cpus, string redis, params string[] settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ControlPlane.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build or publish bench/ControlPlane.Bench (it copies the web front end beside it).");
        }

        var port = BenchControlPlane.FreePort();
        var start = new ProcessStartInfo(cpus is null ? DotnetHost() : "taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        string[] args =
        [
            .. cpus is null ? [] : (string[])["-c", cpus, DotnetHost()], dll,
            $"--urls=http://127.0.0.1:{port}",
            $"--CONTROLPLANE_ADMIN_KEY={BenchControlPlane.AdminKey}",
            "--ControlPlane:Simulator:Enabled=false",
            $"--ControlPlane:Silo:Port={BenchControlPlane.FreePort()}",
            $"--ControlPlane:Silo:GatewayPort={BenchControlPlane.FreePort()}",
            $"--ControlPlane:Redis={redis}",
            $"--ControlPlane:Auth:TokenSecret={BenchControlPlane.TokenSecret}",
            $"--ControlPlane:Silo:ClusterId={BenchControlPlane.ClusterId}",
            "--ControlPlane:Tls:AllowPlaintext=true",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var frontEnd = new FrontEndProcess(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"), new Uri($"http://127.0.0.1:{port}"));
        await frontEnd.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return frontEnd;
    }

    /// <summary>The host that runs this benchmark (<c>dotnet</c>), else <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> on the PATH.</summary>
    public static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessSignals.TerminateAsync(_process, TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the front end on {Address} exited {_process.ExitCode}:\n{Log()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the front end on {Address} was not healthy within {within.TotalSeconds} s:\n{Log()}"));
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}
