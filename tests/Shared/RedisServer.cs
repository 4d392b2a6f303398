using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace ControlPlane.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port that refuses clients without its password (<c>requirepass</c>),
/// killed when the fixture is disposed. By default nothing is persisted; <see cref="StartDurableAsync"/> starts one that
/// appends every write to its AOF before answering, so it can be killed and restarted from it. CI installs it with
/// apt-get; a machine without it fails here, loudly, instead of skipping.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"];
    private readonly StringBuilder _output = new();
    private readonly string? _dataDirectory;
    private Process? _process;

    public RedisServer()
    {
    }

    private RedisServer(string dataDirectory) => _dataDirectory = dataDirectory;

    public int Port { get; private set; }

    /// <summary>A fresh one per server: a client must present it (<c>AUTH</c>).</summary>
    public string Password { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Where it listens, with no credential: what an intruder on the network would try.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The connection string the control plane reads from <c>ControlPlane:Redis</c>.</summary>
    public string ConnectionString => $"{Endpoint},password={Password}";

    /// <summary>A Redis whose every acknowledged write is in its append-only file (<c>appendfsync always</c>) before the answer.</summary>
    public static async Task<RedisServer> StartDurableAsync()
    {
        var directory = Directory.CreateTempSubdirectory("cp-redis-").FullName;
        var server = new RedisServer(directory);
        await server.InitializeAsync();
        return server;
    }

    /// <summary><c>kill -9</c>: the process ends at once, whatever it was doing.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    /// <summary>Starts it again on the same port; a durable one loads its append-only file first.</summary>
    public Task RestartAsync()
    {
        Kill();
        _process?.Dispose();
        return StartAsync();
    }

    public async Task InitializeAsync()
    {
        Port = FreePorts.Next();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var executable = Candidates.FirstOrDefault(File.Exists) ?? FindOnPath("redis-server")
            ?? throw new InvalidOperationException(
                "redis-server was not found (looked in " + string.Join(", ", Candidates) + " and on PATH). "
                + "The cluster tests need a real Redis: install it with 'apt-get install redis-server'.");

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = _dataDirectory is null
            ? ["--save", "", "--appendonly", "no"]
            : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _dataDirectory];
        foreach (var arg in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", Password, .. persistence])
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} before answering PING:\n{Output}");
            }

            if (await AnswersPingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within 15 s:\n{Output}");
    }

    public Task DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>A raw RESP <c>AUTH</c> and <c>PING</c>: the server is up (and has loaded its data) when it answers <c>+PONG</c>.</summary>
    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {Password}\r\nPING\r\n"), timeout.Token);
            var answer = new StringBuilder();
            var buffer = new byte[64];
            while (!answer.ToString().Contains("PONG", StringComparison.Ordinal) && !answer.ToString().Contains('-', StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return answer.ToString().Contains("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>
/// One Redis for every cluster test. Two or three silos per test are heavy for a small CI machine, so
/// the collection runs alone, after the parallel ones: the in-process grain tests time heartbeats in
/// hundreds of milliseconds and must not share the cores with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
