using ControlPlane.Testing;
using ControlPlane.Tests.Shared;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Failover;
using ControlPlane.Web.Tests.Portal.Components;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>
/// Issue 23 (links): a pair's pods link to their log and events, and an incident's evidence from a pod's log links to
/// that log with the line marked — in Chromium, against the fake API server (the pod watch on, as in production).
/// </summary>
[Collection(PodPortalCollection.Name)]
public sealed class PodPageTests(PodPortalFixture fixture, ITestOutputHelper output)
{
    private const string Ns = DeploymentClusterFixture.Ns;

    [Fact(Timeout = 120_000)]
    public async Task A_pod_links_from_its_pair_to_a_page_with_its_events_and_the_tail_of_its_log()
    {
        var plane = fixture.Plane;
        await plane.PlaceOnePairWithPodsAsync("pp-logs", "ppage");
        fixture.Cluster.SetPodLog(Ns, "ppage-decode-0", "engine up\nNCCL INFO Channel 00 : 0[0] -> 1[1] via P2P/CUMEM\nserving\n");
        fixture.Cluster.Kubelet.Run(Ns, "ppage-decode-0");

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/ppage");
        await page.Locator("[data-pod-link='ppage-decode-0']").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/deployments/ppage/pods/ppage-decode-0$"));
        await Expect(page.Locator("#pod-events [data-event-reason='Started']")).ToBeVisibleAsync();
        await Expect(page.Locator("#pod-log")).ToContainTextAsync("via P2P/CUMEM");
        Assert.Equal(["engine up", "NCCL INFO Channel 00 : 0[0] -> 1[1] via P2P/CUMEM", "serving"],
            (await page.Locator("#pod-log").InnerTextAsync()).TrimEnd('\n').Split('\n')); // one line each, as the log has them
        await Expect(page.Locator("#pod-status")).ToContainTextAsync("Running, ready");

        // The other pod never started: no log yet, said as the API says it.
        await page.GotoAsync("/deployments/ppage/pods/ppage-prefill-0");
        await Expect(page.Locator("#pod-no-log")).ToContainTextAsync("has not started");

        // A pod that is not the deployment's is refused, naming its pods.
        await page.GotoAsync("/deployments/ppage/pods/other-decode-0");
        await Expect(page.Locator("#pod-problem")).ToContainTextAsync("is not one of deployment ppage's pods (ppage-prefill-0, ppage-decode-0)");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_incidents_evidence_from_a_pods_log_links_to_that_log_with_the_line_marked()
    {
        var plane = fixture.Plane;
        await plane.PlaceOnePairWithPodsAsync("pp-wire", "pwire");
        var log = FixtureFiles.Read("nccl/h200x2-allreduce-p2p-disabled.log");
        foreach (var pod in new[] { "pwire-prefill-0", "pwire-decode-0" })
        {
            fixture.Cluster.SetPodLog(Ns, pod, log);
            fixture.Cluster.Kubelet.Run(Ns, pod);
        }

        var incident = (await Eventually.Until(() => plane.IncidentsAsync("?deployment=pwire"), list => list.Length == 1))[0];
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents/{incident.Id}");
        var link = page.Locator("a.evidence-log").First;
        await Expect(link).ToBeVisibleAsync();
        var evidence = await link.Locator("xpath=..").Locator("code").InnerTextAsync();
        output.WriteLine($"evidence: {evidence}");

        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/deployments/pwire/pods/pwire-(prefill|decode)-0\\?highlight="));
        var marked = page.Locator("#pod-log .highlighted").First;
        await Expect(marked).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "pod");
        Assert.EndsWith((await marked.InnerTextAsync()).Trim(), evidence, StringComparison.Ordinal);
    }
}

/// <summary>The control plane on the fake API server with the pod watch on, and headless Chromium.</summary>
public sealed class PodPortalFixture : WatchedClusterFixture
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public Task<IPage> SignedInPageAsync() => HeadlessChromium.SignedInPageAsync(_browser!, Plane.BaseAddress, RunningControlPlane.AdminKey);

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>A browser beside a control plane is heavy: this collection runs alone, as the portal's does.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PodPortalCollection : ICollectionFixture<PodPortalFixture>
{
    public const string Name = "pod-portal";
}
