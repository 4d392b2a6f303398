using System.Diagnostics;
using System.Text;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>One of our programs (built by src/&lt;project&gt;: cp-agent, the web front end).</summary>
internal sealed record BuiltProgram(string Project, string Assembly)
{
    public static readonly BuiltProgram Agent = new("Agent", "cp-agent.dll");
    public static readonly BuiltProgram Web = new("Web", "ControlPlane.Web.dll");
    public static readonly BuiltProgram Silo = new("Silo", "ControlPlane.Silo.dll");

    /// <summary><c>src/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;assembly&gt;</c>, beside this test's own output.</summary>
    public string Path()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var dll = System.IO.Path.Combine(dir.FullName, "src", Project, "bin", configuration, framework, Assembly);
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException($"{Assembly} ({configuration}/{framework}) not found above {output.FullName}: build src/{Project} first.");
    }
}

/// <summary>
/// One of our programs as a separate process, its project's own build output (Web.Tests references the projects so they
/// are built first): started with <c>dotnet &lt;assembly&gt;</c>, its stdout and stderr captured.
/// </summary>
internal sealed class ProgramProcess : IDisposable
{
    private readonly BuiltProgram _program;
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private ProgramProcess(BuiltProgram program, Process process)
    {
        _program = program;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => Read(_out);

    public string Error => Read(_error);

    public bool HasExited => _process.HasExited;

    public static ProgramProcess Start(BuiltProgram program, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program.Path());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ProgramProcess(program, Process.Start(start) ?? throw new InvalidOperationException($"{program.Assembly} did not start"));
    }

    /// <summary>Runs to the end; fails the test if it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(BuiltProgram program, TimeSpan timeout, params string[] args)
    {
        using var process = Start(program, args);
        var exit = await process.WaitAsync(timeout);
        return (exit, process.Output, process.Error);
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        if (await ProcessExits.ExitCodeWithinAsync(_process, timeout) is { } exit)
        {
            return exit;
        }

        _process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{_program.Assembly} did not exit within {timeout}; stderr:\n{Error}");
    }

    /// <summary>SIGTERM, as the kubelet stops a pod (cp-agent finishes its report and exits 0).</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await ProcessExits.SendTermAsync(_process);
        return await WaitAsync(timeout);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
