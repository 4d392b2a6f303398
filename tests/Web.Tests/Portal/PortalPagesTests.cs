using System.Text.RegularExpressions;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Tests.Shared;
using ControlPlane.Web.Portal.Actions;
using ControlPlane.Web.Portal.Topology;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>Every page of the portal in real headless Chromium against the control plane on a loopback port.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class PortalPagesTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task The_fleet_page_counts_by_health_and_names_the_drifting_node_in_a_banner()
    {
        var page = await fixture.SignedInPageAsync();

        await Expect(page.Locator("#drift-banner")).ToContainTextAsync("h20-01");
        await Expect(page.Locator("#drift-banner")).ToContainTextAsync("2.18.3");
        await Expect(page.Locator("#fleet-count [data-count=nodes]")).ToContainTextAsync($"{PortalFixture.Nodes} nodes");
        await Expect(page.Locator("#fleet-table td.drift")).ToHaveCountAsync(1);
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await Screenshots.TakeAsync(page, "fleet");

        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await page.Locator("#fleet-search").FillAsync("h100");
        await Expect(page.Locator("#fleet-table tr[data-row]")).ToHaveCountAsync(2);
        await page.Locator("#fleet-search").FillAsync("");
        await page.GetByText("Group by pool").ClickAsync();
        await Expect(page.Locator("#fleet-table tr[data-pool-header=h20]")).ToBeVisibleAsync();
        await page.Locator("th[data-sort=FreeGpus]").ClickAsync();
        await Expect(page.Locator("th[data-sort=FreeGpus]")).ToContainTextAsync("▲");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_operator_creates_a_deployment_in_the_form_sees_its_pairs_and_the_holder_on_the_node_heatmap()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await FillWhenInteractiveAsync(page, "#field-name", "qwen-portal");
        await page.FillAsync("#field-pool", "h20");
        await page.ClickAsync("#apply-button");

        await Expect(page).ToHaveURLAsync(DeploymentUrl());
        var pair = page.Locator("#pairs tr[data-pair='0']");
        await Expect(pair).ToBeVisibleAsync();
        await Expect(pair).ToContainTextAsync("NV18");
        await Expect(page.Locator("#manifest-yaml")).ToContainTextAsync("CUDA_VISIBLE_DEVICES");
        await Screenshots.TakeAsync(page, "deployment");

        var view = await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("qwen-portal").GetAsync();
        Assert.NotNull(view);
        var prefill = view.Pairs[0].Placement.Prefill;
        await page.GotoAsync($"/nodes/{prefill.Node}");
        var holder = page.Locator($"#gpu-table tr[data-gpu='{prefill.GpuIndices[0]}'] td[data-holder]");
        await Expect(holder).ToContainTextAsync("qwen-portal / pair 0 / prefill");
        var nv18 = page.Locator("#topology-heatmap td[data-link=NV18]");
        await Expect(nv18).ToHaveCountAsync(8 * 7); // waits: a live refresh may redraw the heatmap between reads
        await Expect(nv18.First).ToHaveCSSAsync("background-color", Nv18Green()); // hsl(140, 55%, 28%): the darkest NVLink green
        Assert.Equal("hsl(140, 55%, 28%)", LinkColors.Background("NV18"));
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await page.Locator("#topology-heatmap").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "node");

        await page.GotoAsync("/deployments");
        await Expect(page.Locator("#deployments-table tr[data-deployment=qwen-portal]")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "deployments");
    }

    [Fact(Timeout = 90_000)]
    public async Task The_what_if_planner_shows_the_placement_the_runner_up_and_why_the_5090_was_not_used()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await FillWhenInteractiveAsync(page, "#field-name", "what-if");
        await page.ClickAsync("#plan-button");

        await Expect(page.Locator("#plan-pairs tr[data-plan-pair='0']")).ToBeVisibleAsync();
        await Expect(page.Locator("#plan-pairs [data-runner-up='0']")).Not.ToHaveTextAsync("");
        var rejected = page.Locator("#rejections tr[data-rejected-node=rtx5090-01][data-filter=GpuComputeCapabilityFilter]");
        await Expect(rejected).ToContainTextAsync("sm_120");
        await Screenshots.TakeAsync(page, "planner");
        Assert.Null(await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("what-if").GetAsync());

        await page.FillAsync("#field-prefill-tp", "0");
        await page.ClickAsync("#plan-button");
        await Expect(page.Locator("#deployment-form")).ToContainTextAsync("prefill.tp:");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_cordon_in_one_tab_appears_live_in_a_second_tab()
    {
        var first = await fixture.SignedInPageAsync();
        var second = await first.Context.NewPageAsync();
        await first.GotoAsync("/nodes/h100-02");
        await second.GotoAsync("/nodes/h100-02");
        await Expect(second.Locator("#cordon-state")).ToHaveTextAsync("Schedulable");
        await Expect(second.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");

        await FillWhenInteractiveAsync(first, "#cordon-reason", "PSU swap");
        await first.ClickAsync("#cordon-button");

        await Expect(first.Locator("#cordon-state")).ToContainTextAsync("Cordoned by admin: PSU swap");
        await Expect(second.Locator("#cordon-state")).ToContainTextAsync("Cordoned by admin: PSU swap");
        await second.GotoAsync("/");
        await Expect(second.Locator("#fleet-table tr[data-row=h100-02] [data-cordoned]")).ToBeVisibleAsync();

        await FillWhenInteractiveAsync(first, "#cordon-reason", new string('x', 513));
        await first.ClickAsync("#cordon-button");
        await Expect(first.Locator("#cordon-panel")).ToContainTextAsync("Reason is required, at most 512 characters");
        var view = await fixture.Plane.Grains.GetGrain<INodeGrain>("h100-02").GetAsync();
        Assert.True(view!.Cordon.Cordoned);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_viewer_who_opens_a_deployments_edit_page_is_told_it_is_an_operators_and_gets_no_form()
    {
        using (var put = await fixture.Plane.PutDeploymentAsync("viewer-edit", DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
        }

        var page = await fixture.SignedInPageAsync(PortalFixture.ViewerKey);
        await page.GotoAsync("/deployments/viewer-edit/edit");

        await Expect(page.Locator("#edit-refused")).ToContainTextAsync("Only an operator or admin may edit 'viewer-edit'");
        Assert.Equal(0, await page.Locator("#deployment-form").CountAsync());
    }

    [Fact(Timeout = 90_000)]
    public async Task A_viewer_sees_no_operator_buttons_and_the_server_refuses_a_viewers_cordon_anyway()
    {
        var page = await fixture.SignedInPageAsync(PortalFixture.ViewerKey);
        await page.GotoAsync("/nodes/h200-01");
        await Expect(page.Locator("#cordon-state")).ToHaveTextAsync("Schedulable");
        Assert.Equal(0, await page.Locator("#cordon-button").CountAsync());
        await page.GotoAsync("/deployments");
        await Expect(page.Locator("#deployments-table")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#new-deployment").CountAsync());

        await using var scope = fixture.Plane.App.Services.CreateAsyncScope();
        var state = (ServerAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        state.SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "viewer"), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, "viewer")], "portal")))));
        var outcome = await scope.ServiceProvider.GetRequiredService<PortalActions>().SetCordonAsync("h200-01", cordon: true, "not allowed");

        Assert.False(outcome.Succeeded);
        Assert.False((await fixture.Plane.Grains.GetGrain<INodeGrain>("h200-01").GetAsync())!.Cordon.Cordoned);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_pasted_NCCL_log_shows_its_transport_findings_and_highlighted_evidence()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/diagnose");
        var log = FixtureFiles.Read("nccl/h200x2-allreduce-p2p-disabled.log");
        await FillWhenInteractiveAsync(page, "#nccl-log", log);
        await page.ClickAsync("#diagnose-button");

        await Expect(page.Locator("[data-finding=p2p-disabled-by-env]")).ToBeVisibleAsync();
        await Expect(page.Locator("#diag-transport")).Not.ToHaveTextAsync("");
        var highlighted = page.Locator(".log-line.evidence");
        Assert.True(await highlighted.CountAsync() > 0);
        await Expect(highlighted.First).ToContainTextAsync("NCCL");
        await Screenshots.TakeAsync(page, "diagnose");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_cluster_page_shows_the_mode_the_silo_and_the_thresholds()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/cluster");

        await Expect(page.Locator("#cluster-mode")).ToHaveTextAsync("embedded");
        await Expect(page.Locator("#silos tr[data-silo-status=Active]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#thresholds tr[data-threshold=TemperatureUnhealthyC]")).ToContainTextAsync("95");
        await Screenshots.TakeAsync(page, "cluster");

        await page.GotoAsync("/login");
        await Screenshots.TakeAsync(page, "login");
    }

    /// <summary>
    /// Pages are prerendered, then the circuit attaches; input typed before then is lost. The live
    /// indicator turns live once the circuit renders the page, so wait for it, then type.
    /// </summary>
    internal static async Task FillWhenInteractiveAsync(IPage page, string selector, string text)
    {
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await page.FillAsync(selector, text);
        await page.Locator(selector).DispatchEventAsync("change");
    }

    [GeneratedRegex(@"^rgb\(3[12], 11[01], 5[89]\)$")]
    private static partial Regex Nv18Green();

    [GeneratedRegex("/deployments/qwen-portal$")]
    private static partial Regex DeploymentUrl();
}
