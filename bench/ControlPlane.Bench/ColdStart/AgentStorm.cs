using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ControlPlane.Bench.Hosting;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;

namespace ControlPlane.Bench.ColdStart;

/// <summary>
/// Every simulated agent reconnecting at once: each sends its report after a random delay within the jitter window,
/// and on a refused connection, a 5xx or a timeout waits an exponential back-off (0.5 s doubling to 8 s, with full
/// jitter) and tries again, until accepted or the deadline. Bounded: one request per agent in flight, at most
/// <c>connections</c> connections to the front end.
/// </summary>
internal sealed class AgentStorm(SimulatedFleet fleet, long sequence)
{
    private readonly (string Node, byte[] Body)[] _reports = Build(fleet, sequence);

    public int Retries { get; private set; }

    public int ServerErrors { get; private set; }

    public int Rejected { get; private set; }

    /// <summary>Seconds from <paramref name="since"/> until the last agent's report was accepted (NaN when some never were).</summary>
    /// <remarks>Agent i reports to front end i mod <paramref name="addresses"/>' count, as a load balancer would spread them.</remarks>
    public async Task<double> RunAsync(IReadOnlyList<Uri> addresses, TimeSpan jitter, TimeSpan deadline, int connections, long since)
    {
        var clients = addresses.Select(a =>
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, ConnectTimeout = TimeSpan.FromSeconds(5) }, disposeHandler: true)
            {
                BaseAddress = a, Timeout = TimeSpan.FromSeconds(30),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchControlPlane.AdminKey);
            return http;
        }).ToArray();
        try
        {
            return await RunAsync(clients, jitter, deadline, since);
        }
        finally
        {
            Array.ForEach(clients, c => c.Dispose());
        }
    }

    private async Task<double> RunAsync(HttpClient[] clients, TimeSpan jitter, TimeSpan deadline, long since)
    {
        var random = new Random(7);
        var delays = _reports.Select(_ => random.NextDouble() * jitter.TotalMilliseconds).ToArray();
        var accepted = 0;
        var last = 0L;
        using var stop = new CancellationTokenSource(deadline);
        await Task.WhenAll(_reports.Select((r, i) => Task.Run(async () =>
        {
            var backoff = new Random(i);
            await Task.Delay(TimeSpan.FromMilliseconds(delays[i]), stop.Token);
            for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
            {
                var sent = await SendAsync(clients[i % clients.Length], r.Node, r.Body, stop.Token);
                if (sent is true)
                {
                    Interlocked.Increment(ref accepted);
                    InterlockedMax(ref last, Stopwatch.GetTimestamp());
                    return;
                }

                if (sent is null)
                {
                    return; // refused for what it is (4xx): retrying would not help
                }

                lock (this)
                {
                    Retries++;
                }

                var cap = Math.Min(8000, 500 * Math.Pow(2, Math.Min(attempt, 4)));
                await Task.Delay(TimeSpan.FromMilliseconds(backoff.NextDouble() * cap), stop.Token);
            }
        }, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default)));
        return accepted == _reports.Length ? Stopwatch.GetElapsedTime(since, last).TotalSeconds : double.NaN;
    }

    /// <summary>True: accepted; false: try again (no connection, 5xx, timeout); null: refused (4xx).</summary>
    private async Task<bool?> SendAsync(HttpClient http, string node, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PutAsync(new Uri($"/api/v1/nodes/{node}/probe", UriKind.Relative), content, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            lock (this)
            {
                if ((int)response.StatusCode >= 500)
                {
                    ServerErrors++;
                    return false;
                }

                if (++Rejected <= 3)
                {
                    Console.Error.WriteLine($"{node}: {(int)response.StatusCode}");
                }

                return null;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static (string Node, byte[] Body)[] Build(SimulatedFleet fleet, long sequence)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        return [.. fleet.Nodes.Select(n => (n.Name, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(n.NextReport(now, random) with { Sequence = sequence }, ApiJson.Options))))];
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
