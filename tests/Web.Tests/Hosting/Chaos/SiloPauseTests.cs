using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ControlPlane.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// A web front end (an Orleans client running the simulator and the portal's fleet snapshot) in front of one silo process
/// that hangs (SIGSTOP): every grain call times out, and the front end treats that as weather. It keeps answering
/// (<c>/healthz</c>; 503 with Retry-After for what needs the cluster), none of its background loops ends, and once the
/// silo goes on (SIGCONT) the simulated nodes report again. Before, the portal's snapshot loop ended on the first
/// TimeoutException and took the whole process down with it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SiloPauseTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task A_hung_silo_leaves_the_web_front_end_answering_and_its_loops_running_and_the_simulator_reports_once_it_resumes()
    {
        var clusterId = $"chaos-pause-{Guid.NewGuid():N}";
        using var silo = await SiloProcess.StartAsync(redis.ConnectionString, clusterId);
        await using var web = await RunningControlPlane.StartAsync(
            "--ControlPlane:Web:HostSilo=false", $"--ControlPlane:Redis={redis.ConnectionString}", $"--ControlPlane:Silo:ClusterId={clusterId}",
            "--ControlPlane:Auth:TokenSecret=test-token-secret-0123456789abcdef",
            "--ControlPlane:Simulator:Enabled=true", "--ControlPlane:Simulator:Nodes=4", "--ControlPlane:Simulator:Interval=00:00:01",
            "--ControlPlane:Portal:RefreshEvery=00:00:00.500");
        using var client = web.Client();
        var node = await Eventually.Until(() => FirstNodeAsync(client), n => n is not null, attempts: 200);
        var before = await SequenceAsync(client, node!);
        var stopping = web.App.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var loops = web.App.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToArray();

        await silo.PauseAsync();
        var paused = Stopwatch.StartNew();
        var healthz = 0;
        HttpStatusCode? clusterRead = null;
        string? retryAfter = null;
        try
        {
            var read = client.GetAsync(new Uri($"/api/v1/nodes/{node}", UriKind.Relative));
            while (paused.Elapsed < TimeSpan.FromSeconds(15))
            {
                using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                healthz++;
                Assert.False(stopping.IsCancellationRequested, $"the front end began to stop {paused.Elapsed.TotalSeconds:F1} s into the pause");
                await Task.Delay(250);
            }

            using var answer = await read;
            clusterRead = answer.StatusCode;
            retryAfter = answer.Headers.RetryAfter?.ToString();
            Assert.All(loops, l => Assert.False(l.ExecuteTask!.IsCompleted, $"{l.GetType().Name} ended while the silo hung"));
        }
        finally
        {
            await silo.ResumeAsync();
        }

        // The silo goes on: the simulator's nodes report again through the same front end.
        var after = await Eventually.Until(() => SequenceAsync(client, node!), s => s > before + 2, attempts: 120, delayMs: 250);
        output.WriteLine($"FIGURE healthz_answers_while_paused={healthz} cluster_read={clusterRead} retry_after={retryAfter} sequence {before} -> {after}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, clusterRead);
        Assert.NotNull(retryAfter);
        Assert.False(stopping.IsCancellationRequested);
    }

    private static async Task<string?> FirstNodeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/nodes", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var items = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        return items.GetArrayLength() == 4 ? items[0].GetProperty("node").GetString() : null;
    }

    private static async Task<long> SequenceAsync(HttpClient client, string node)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/nodes/{node}", UriKind.Relative));
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sequence").GetInt64() : -1;
    }
}
