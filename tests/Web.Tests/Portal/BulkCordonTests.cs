using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Web.Tests.Portal.Components;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>Operators pick rows of the fleet table and cordon or uncordon them with one reason, after a question naming them.</summary>
[Collection(PortalCollection.Name)]
public sealed class BulkCordonTests(PortalFixture fixture)
{
    private static readonly string[] Picked = ["rtx5090-02", "v100-01", "v100-02"];

    [Fact(Timeout = 120_000)]
    public async Task An_operator_cordons_three_picked_nodes_after_a_question_naming_them_each_audited_then_uncordons_them()
    {
        var before = await AuditCountsAsync();
        var page = await fixture.SignedInPageAsync();
        await PickAsync(page);
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("3 selected");

        await PortalPagesTests.FillWhenInteractiveAsync(page, "#bulk-reason", "rack 7 PDU swap");
        await page.ClickAsync("#bulk-cordon");
        await Expect(Dialog(page)).ToContainTextAsync("Cordon 3 nodes: rtx5090-02, v100-01, v100-02? Reason: rack 7 PDU swap");
        await ConfirmationDialogTests.AnswerAsync(page, "Cordon 3");

        await Expect(page.Locator("#bulk-summary")).ToHaveTextAsync("Cordon: 3 of 3 done");
        foreach (var node in Picked)
        {
            await Expect(page.Locator($"#bulk-results [data-bulk-node='{node}']")).ToHaveAttributeAsync("data-bulk-outcome", "done");
            await Expect(page.Locator($"#fleet-table tr[data-row='{node}'] [data-cordoned]")).ToBeVisibleAsync();
            var cordon = (await fixture.Plane.Grains.GetGrain<INodeGrain>(node).GetAsync())!.Cordon;
            Assert.True(cordon.Cordoned, node);
            Assert.Equal("rack 7 PDU swap", cordon.Reason);
        }

        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("0 selected"); // done nodes are unpicked
        var afterCordon = await AuditCountsAsync();
        Assert.All(Picked, node => Assert.Equal(before.GetValueOrDefault(("cordon", node)) + 1, afterCordon.GetValueOrDefault(("cordon", node))));

        await PickAsync(page);
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#bulk-reason", "PDU back");
        await page.ClickAsync("#bulk-uncordon");
        await ConfirmationDialogTests.AnswerAsync(page, "Uncordon 3");
        await Expect(page.Locator("#bulk-summary")).ToHaveTextAsync("Uncordon: 3 of 3 done");
        foreach (var node in Picked)
        {
            Assert.False((await fixture.Plane.Grains.GetGrain<INodeGrain>(node).GetAsync())!.Cordon.Cordoned, node);
        }

        var afterUncordon = await AuditCountsAsync();
        Assert.All(Picked, node => Assert.Equal(before.GetValueOrDefault(("uncordon", node)) + 1, afterUncordon.GetValueOrDefault(("uncordon", node))));
    }

    [Fact(Timeout = 90_000)]
    public async Task Cancel_changes_nothing_and_a_bad_reason_is_refused_before_anything_is_asked_or_done()
    {
        var before = await AuditCountsAsync();
        var page = await fixture.SignedInPageAsync();
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await page.Locator("[data-pick='a100-02']").CheckAsync();
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("1 selected");

        await PortalPagesTests.FillWhenInteractiveAsync(page, "#bulk-reason", "should not happen");
        await page.ClickAsync("#bulk-cordon");
        await Expect(Dialog(page)).ToContainTextAsync("Cordon 1 node: a100-02?");
        await ConfirmationDialogTests.AnswerAsync(page, "Cancel");
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        await Expect(page.Locator("#bulk-results")).ToHaveCountAsync(0);

        await PortalPagesTests.FillWhenInteractiveAsync(page, "#bulk-reason", new string('x', 513));
        await page.ClickAsync("#bulk-cordon");
        await Expect(page.Locator("#bulk-bar")).ToContainTextAsync("Reason is required, at most 512 characters");
        await Expect(Dialog(page)).ToHaveCountAsync(0);

        Assert.False((await fixture.Plane.Grains.GetGrain<INodeGrain>("a100-02").GetAsync())!.Cordon.Cordoned);
        var after = await AuditCountsAsync();
        Assert.Equal(before.GetValueOrDefault(("cordon", "a100-02")), after.GetValueOrDefault(("cordon", "a100-02")));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_viewer_sees_no_row_picks_and_no_bulk_cordon()
    {
        var page = await fixture.SignedInPageAsync(PortalFixture.ViewerKey);
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.Locator("#fleet-table tr[data-row='v100-01']")).ToBeVisibleAsync();

        Assert.Equal(0, await page.Locator("[data-pick]").CountAsync());
        Assert.Equal(0, await page.Locator("#bulk-bar").CountAsync());
        Assert.Equal(0, await page.Locator("#fleet-table th.pick").CountAsync());
    }

    /// <summary>Picks the three nodes: two by click, one from the keyboard (Space on the focused checkbox).</summary>
    private static async Task PickAsync(IPage page)
    {
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await page.Locator($"[data-pick='{Picked[0]}']").CheckAsync();
        await page.Locator($"[data-pick='{Picked[1]}']").CheckAsync();
        await page.Locator($"[data-pick='{Picked[2]}']").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator($"[data-pick='{Picked[2]}']")).ToBeCheckedAsync();
    }

    /// <summary>The portal's ok entries in <c>GET /api/v1/audit</c> by (action, node).</summary>
    private async Task<Dictionary<(string Action, string Node), int>> AuditCountsAsync()
    {
        using var client = fixture.Plane.Client();
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/audit?limit=1000", UriKind.Relative));
        return page.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("via").GetString() == "portal" && e.GetProperty("outcome").GetString() == "ok")
            .Where(e => e.GetProperty("target").GetString()!.StartsWith("node ", StringComparison.Ordinal))
            .GroupBy(e => (e.GetProperty("action").GetString()!, e.GetProperty("target").GetString()!["node ".Length..]))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static ILocator Dialog(IPage page) => page.Locator(".mud-dialog");
}
