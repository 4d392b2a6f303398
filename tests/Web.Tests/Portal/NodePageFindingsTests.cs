using ControlPlane.Web.Tests.Portal.Components;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>The node page shows what the fleet already knows about the node: its version drift and its Down NIC ports.</summary>
[Collection(PortalCollection.Name)]
public sealed class NodePageFindingsTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task The_drifting_H20_node_page_names_its_NCCL_drift_and_a_sibling_shows_none()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/nodes/h20-01");

        var drift = page.Locator("#node-drift");
        await Expect(drift).ToContainTextAsync("2.18.3");
        await Expect(drift).ToContainTextAsync("2.18.5");
        await Expect(drift.Locator("[data-drift-field=nccl]")).ToHaveCountAsync(1);

        await page.GotoAsync("/nodes/h20-02");
        await Expect(page.Locator("#gpu-table")).ToBeVisibleAsync();
        await Expect(page.Locator("#node-drift")).ToHaveCountAsync(0);
    }

    [Fact(Timeout = 90_000)]
    public async Task The_A100_heatmap_marks_its_Down_mlx5_0_port()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/nodes/a100-01");

        var header = page.Locator("#topology-heatmap thead th.nic.down[data-device=mlx5_0]");
        await Expect(header).ToHaveAttributeAsync("title", "mlx5_0: port Down");
        await Expect(page.Locator("#topology-heatmap th.down[data-device=mlx5_1]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#topology-heatmap td.down[data-row=mlx5_0][data-col=GPU0]")).ToHaveAttributeAsync("title", "mlx5_0 ↔ GPU0: PXB (NIC port down)");
    }
}
