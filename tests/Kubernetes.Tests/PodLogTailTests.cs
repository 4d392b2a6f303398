using ControlPlane.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// Failover reads a pod's log as a real kubelet answers it: the end of the log (where the NCCL watchdog's timeout is),
/// not its head, and the previous container's log after a restart.
/// </summary>
public sealed class PodLogTailTests
{
    private const string Ns = "inference";
    private const string Pod = "qwen-decode-0";

    [Fact]
    public async Task A_diagnosis_read_gets_the_end_of_a_long_log_where_a_byte_limit_alone_gets_its_head()
    {
        await using var fake = await AppliedAsync();
        var log = string.Join('\n', Enumerable.Range(0, 200_000).Select(i => $"NCCL INFO line {i:D6} of a long and chatty run")) +
            "\n[PG 0 Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=813, OpType=SEND, Timeout(ms)=600000)\n";
        fake.SetPodLog(Ns, Pod, log);

        var tail = await ReadAsync(fake, PodLogTail.ForDiagnosis);
        var headOnly = await ReadAsync(fake, new PodLogTail(int.MaxValue, PodLogTail.ForDiagnosis.MaxBytes));

        Assert.Contains("Watchdog caught collective operation timeout", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("line 000000 ", tail, StringComparison.Ordinal);
        Assert.True(log.Length > PodLogTail.ForDiagnosis.MaxBytes, "the log is longer than the byte cap");
        Assert.DoesNotContain("Watchdog", headOnly, StringComparison.Ordinal);
        Assert.StartsWith("NCCL INFO line 000000 ", headOnly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_previous_containers_log_is_null_until_the_container_restarted_then_read()
    {
        await using var fake = await AppliedAsync();
        fake.SetPodLog(Ns, Pod, "NCCL INFO Bootstrap: fresh container\n");

        var never = await ApplierOf(fake).ReadPodLogAsync(Pod, PodLogTail.ForDiagnosis with { Previous = true });
        fake.SetPreviousPodLog(Ns, Pod, "Watchdog caught collective operation timeout\n");
        var before = await ReadAsync(fake, PodLogTail.ForDiagnosis with { Previous = true });
        var now = await ReadAsync(fake, PodLogTail.ForDiagnosis);

        Assert.Null(never);
        Assert.Equal("Watchdog caught collective operation timeout\n", before);
        Assert.Equal("NCCL INFO Bootstrap: fresh container\n", now);
        Assert.Contains(fake.Requests, r => r.Path.EndsWith("/log", StringComparison.Ordinal) && r.Query["previous"] == "true" && r.Query["tailLines"] == "20000");
    }

    private static KubernetesApplier ApplierOf(FakeKubernetesApiServer fake) =>
        new(fake.Client(), Options.Create(new KubernetesOptions { Render = new() { Namespace = Ns } }), NullLogger<KubernetesApplier>.Instance);

    private static async Task<FakeKubernetesApiServer> AppliedAsync()
    {
        var fake = await FakeKubernetesApiServer.StartAsync();
        await ApplierOf(fake).ApplyAsync(ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns }));
        fake.Kubelet.Run(Ns, Pod); // a container that never started has no log (400 "waiting to start")
        return fake;
    }

    private static async Task<string> ReadAsync(FakeKubernetesApiServer fake, PodLogTail tail)
    {
        await using var stream = await ApplierOf(fake).ReadPodLogAsync(Pod, tail);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
