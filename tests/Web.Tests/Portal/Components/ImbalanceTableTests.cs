using Bunit;
using ControlPlane.Health;
using ControlPlane.Web.Portal.Shared;
using ControlPlane.Web.Telemetry;

namespace ControlPlane.Web.Tests.Portal.Components;

public sealed class ImbalanceTableTests
{
    [Fact]
    public async Task An_imbalanced_replica_is_marked_and_names_its_gpu_a_balanced_one_says_so_and_one_without_readings_says_why()
    {
        await using var context = new PortalComponentContext("viewer");
        ReplicaImbalanceView[] replicas =
        [
            new() { Pair = 0, Role = "prefill", Node = "h20-01", Gpus = [0, 1, 2, 3], Reading = new ImbalanceReading { UtilizationSpread = 44.2, UtilizationStdDev = 18.2, MemorySpread = 40, Imbalanced = true, Finding = "GPU 0 at 91 % while the replica's least busy GPU is at 47 %" } },
            new() { Pair = 0, Role = "decode", Node = "h20-01", Gpus = [4, 5, 6, 7], Reading = new ImbalanceReading { UtilizationSpread = 6.3, UtilizationStdDev = 2.4, MemorySpread = 5, Imbalanced = false } },
            new() { Pair = 1, Role = "prefill", Node = "h20-02", Gpus = [0, 1] },
        ];

        var table = context.Render<ImbalanceTable>(p => p.Add(t => t.Replicas, replicas));

        var skewed = table.Find("tr[data-replica='0-prefill']");
        Assert.Contains("imbalanced", skewed.ClassName, StringComparison.Ordinal);
        Assert.Contains("GPU 0 at 91 %", skewed.TextContent, StringComparison.Ordinal);
        Assert.Contains("44.2 points", skewed.TextContent, StringComparison.Ordinal);
        Assert.Contains("balanced", table.Find("tr[data-replica='0-decode']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("imbalanced", table.Find("tr[data-replica='0-decode']").ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains("not enough readings", table.Find("tr[data-replica='1-prefill']").TextContent, StringComparison.Ordinal);
    }
}
