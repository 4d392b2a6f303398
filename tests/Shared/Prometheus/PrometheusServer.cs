using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ControlPlane.Testing.Prometheus;

/// <summary>
/// A real Prometheus (<c>/usr/bin/prometheus</c>, Debian's package) on a free loopback port, scraping one target's
/// <c>/metrics</c> every <c>interval</c> with a bearer key, its TSDB in a temporary directory; killed and its directory
/// removed when disposed. CI installs it with apt-get; a machine without it fails here, loudly, instead of skipping.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Job = "controlplane";

    private const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        BaseAddress = address;
        Client = new HttpClient { BaseAddress = address };
    }

    /// <summary>Where its HTTP API answers, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>What it has logged so far, for a failed test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts it and waits until it is ready (<c>/-/ready</c>); the first scrape follows within <paramref name="interval"/>.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target, string bearer, TimeSpan interval, int? port = null)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} was not found: install it with 'apt-get install prometheus'.");
        }

        var directory = Directory.CreateTempSubdirectory("cp-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(target, bearer, interval));
        var address = new Uri($"http://127.0.0.1:{port ?? FreePorts.Next()}/");
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address={address.Authority}" })
        {
            start.ArgumentList.Add(arg);
        }

        var server = new PrometheusServer(Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start"), directory, address);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>Config with one job; the interval is also the scrape timeout (Prometheus refuses a timeout above it).</summary>
    private static string Config(Uri target, string bearer, TimeSpan interval)
    {
        var every = ((int)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        return $"""
            global:
              scrape_interval: {every}
              scrape_timeout: {every}
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                scheme: {target.Scheme}
                authorization:
                  type: Bearer
                  credentials: "{bearer}"
                static_configs:
                  - targets: ["{target.Authority}"]
            """;
    }

    /// <summary><c>GET /api/v1/query</c>: the whole answer (<c>status</c>, <c>data</c>, or <c>error</c>) whatever its HTTP status.</summary>
    public async Task<JsonElement> QueryAsync(string expr)
    {
        using var response = await Client.GetAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(expr), UriKind.Relative));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The number of series an instant query returns (its vector's length); throws with Prometheus's error otherwise.</summary>
    public async Task<int> SeriesCountAsync(string expr)
    {
        var answer = await QueryAsync(expr);
        if (answer.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"{expr}: {answer}");
        }

        return answer.GetProperty("data").GetProperty("result").GetArrayLength();
    }

    /// <summary>True once a scrape of the target succeeded (<c>up == 1</c>).</summary>
    public async Task<bool> ScrapedAsync() => await SeriesCountAsync($"up{{job=\"{Job}\"}} == 1") > 0;

    private async Task WaitReadyAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus was not ready after 30 s:\n{Output}");
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

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed by the dying process: the temp directory is left for the OS to clean.
        }

        return ValueTask.CompletedTask;
    }
}
