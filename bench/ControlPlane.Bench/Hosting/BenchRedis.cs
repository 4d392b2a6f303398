using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Bench.Hosting;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port that refuses clients without its password (<c>requirepass</c>),
/// nothing saved to disk, killed on dispose (as <c>tests/Shared/RedisServer.cs</c> starts one for the cluster tests).
/// </summary>
public sealed class BenchRedis : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];
    private readonly Process _process;

    private BenchRedis(Process process, int port, string password)
    {
        _process = process;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    /// <summary>A fresh one per server: every client presents it (<c>AUTH</c>).</summary>
    public string Password { get; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},password={Password}");

    /// <summary>Starts one; with <paramref name="cpus"/> (a <c>taskset -c</c> list) it runs on those cores only.</summary>
    public static async Task<BenchRedis> StartAsync(string? cpus = null)
    {
        var executable = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server was not found in /usr/bin or /usr/local/bin: install it with 'apt-get install redis-server'.");
        var port = BenchControlPlane.FreePort();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo(cpus is null ? executable : "taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] pin = cpus is null ? [] : ["-c", cpus, executable];
        foreach (var arg in pin.Concat(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", password, "--save", "", "--appendonly", "no"]))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new BenchRedis(process, port, password);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (await redis.AnswersPingAsync())
            {
                return redis;
            }

            await Task.Delay(50);
        }

        await redis.DisposeAsync();
        throw new TimeoutException($"redis-server on port {port} did not answer PING within 15 s");
    }

    /// <summary>Bytes Redis holds (<c>INFO memory</c>'s used_memory).</summary>
    public async Task<long> UsedMemoryAsync()
    {
        var info = await CommandAsync("INFO memory", reply => reply.Contains("used_memory:", StringComparison.Ordinal) && reply.EndsWith("\r\n", StringComparison.Ordinal));
        var line = info.Split("\r\n").FirstOrDefault(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line["used_memory:".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Redis's own counters: commands processed since start and CPU seconds (user + system) it has used.</summary>
    public async Task<(long Commands, double CpuSeconds)> StatsAsync()
    {
        var info = await CommandAsync("INFO", CompleteBulk);
        string Field(string name) => info.Split("\r\n").First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];
        return (long.Parse(Field("total_commands_processed"), CultureInfo.InvariantCulture),
            double.Parse(Field("used_cpu_user"), CultureInfo.InvariantCulture) + double.Parse(Field("used_cpu_sys"), CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="reply"/> (AUTH's +OK, then a bulk string <c>$len\r\n…\r\n</c>) has all of the bulk.</summary>
    private static bool CompleteBulk(string reply)
    {
        var dollar = reply.IndexOf('$', StringComparison.Ordinal);
        var end = dollar < 0 ? -1 : reply.IndexOf("\r\n", dollar, StringComparison.Ordinal);
        return end > 0 && reply.Length - (end + 2) >= int.Parse(reply.AsSpan(dollar + 1, end - dollar - 1), CultureInfo.InvariantCulture) + 2;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            return (await CommandAsync("PING", reply => reply.Contains("+PONG", StringComparison.Ordinal) || reply.Contains("-ERR", StringComparison.Ordinal)))
                .Contains("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Authenticates, sends <paramref name="command"/> and reads until <paramref name="complete"/> holds for what came back.</summary>
    private async Task<string> CommandAsync(string command, Func<string, bool> complete)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {Password}\r\n{command}\r\n"), timeout.Token);
        var reply = new StringBuilder();
        var buffer = new byte[8192];
        while (!complete(reply.ToString()))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return reply.ToString();
    }
}
