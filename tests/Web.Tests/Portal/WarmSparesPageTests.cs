using ControlPlane.Contracts.Deployments;
using ControlPlane.Web.Tests.Portal.Components;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>Warm spares and labels from the portal's form to a swap on the deployment page, in real headless Chromium (plan-only: a Planned spare is usable).</summary>
[Collection(PortalCollection.Name)]
public sealed class WarmSparesPageTests(PortalFixture fixture)
{
    private const string Deployment = "spare-portal";

    [Fact(Timeout = 120_000)]
    public async Task An_operator_asks_for_a_spare_and_labels_in_the_form_edits_keep_them_and_fail_over_swaps_the_spare_in()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-name", Deployment);
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-model", "llama-3.1-8b");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-prefill-tp", "1");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-decode-tp", "1");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pool", "h20");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-spares", "1");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-labels", "team=search, tier");
        await page.ClickAsync("#apply-button");

        await Expect(page.Locator("#spare-pairs tr[data-pair-unit='spare-0']")).ToBeVisibleAsync();
        await Expect(page.GetByText("Warm spares (1 of 1)")).ToBeVisibleAsync();
        var spec = (await Grain.GetAsync())!.Spec;
        Assert.Equal(1, spec.Spares);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["tier"] = "" }, spec.Labels);
        await Expect(page.Locator("#manifest-yaml")).ToContainTextAsync("team: search");

        // The edit form shows what the spec holds; growing by a pair keeps the spare (and the labels) where they are.
        await page.GotoAsync($"/deployments/{Deployment}/edit");
        await Expect(page.Locator("#field-spares")).ToHaveValueAsync("1");
        await Expect(page.Locator("#field-labels")).ToHaveValueAsync("team=search, tier");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pairs", "2");
        await page.ClickAsync("#apply-button");
        await Expect(page.Locator("#pairs tr[data-pair='1']")).ToBeVisibleAsync();
        await Expect(page.Locator("#spare-pairs tr[data-pair-unit='spare-0']")).ToBeVisibleAsync();
        spec = (await Grain.GetAsync())!.Spec;
        Assert.Equal((2, 1, "search"), (spec.Pairs, spec.Spares, spec.Labels?["team"]));

        // Fail over pair 0: the spare becomes pair 0 and a new spare is placed behind it.
        await page.ClickAsync("#failover-pair-0");
        await ConfirmationDialogTests.AnswerAsync(page, "Fail over pair");
        await Expect(page.Locator("#pairs tr[data-pair='0']")).ToHaveAttributeAsync("data-pair-unit", "spare-0", new() { Timeout = 30_000 });
        await Expect(page.Locator("#pairs tr[data-pair='0'] td").First).ToHaveTextAsync("0 (spare-0)");
        await Expect(page.Locator("#spare-pairs tr[data-pair-unit='spare-1']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Screenshots.TakeAsync(page, "warm-spares");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_label_kubernetes_would_refuse_is_shown_under_the_labels_field_and_nothing_is_created()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-name", "bad-label-portal");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pool", "h20");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-labels", "cost center=42");
        await page.ClickAsync("#apply-button");

        await Expect(page.GetByText("labels.cost center:")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#form-errors").CountAsync());
        Assert.Null(await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("bad-label-portal").GetAsync());
    }

    [Fact(Timeout = 90_000)]
    public async Task What_if_shows_the_warm_spare_that_create_then_places()
    {
        const string name = "spare-preview";
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-name", name);
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-model", "llama-3.1-8b");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-prefill-tp", "1");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-decode-tp", "1");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pool", "h20");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-spares", "1");
        await page.ClickAsync("#plan-button");

        var previewed = page.Locator("#plan-spares tr[data-plan-spare='0']");
        await Expect(previewed).ToBeVisibleAsync();
        await Expect(page.Locator("#plan-result")).ToContainTextAsync("Warm spares (1 of 1)");
        await Expect(page.Locator("#plan-pairs tr[data-plan-pair]")).ToHaveCountAsync(1);
        var preview = await previewed.TextContentAsync();

        await page.ClickAsync("#apply-button");
        await Expect(page.Locator("#spare-pairs tr[data-pair-unit='spare-0']")).ToBeVisibleAsync();
        var grain = fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>(name);
        var placed = (await grain.GetAsync())!.Spares.Single().Placement;
        Assert.Contains($"{placed.Prefill.Node} GPU {string.Join(",", placed.Prefill.GpuIndices)}", preview, StringComparison.Ordinal);
        Assert.Contains($"{placed.Decode.Node} GPU {string.Join(",", placed.Decode.GpuIndices)}", preview, StringComparison.Ordinal);
        await grain.DeleteAsync();
    }

    private IModelDeploymentGrain Grain => fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>(Deployment);
}
