using System.Net;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using ControlPlane.Wire.Deployments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>
/// Issue 25: the per-replica imbalance on the deployment page, in Chromium — the simulator keeps one GPU of the prefill
/// replica at 95–98 % ("GPU 0 syndrome") and the page marks that replica naming the GPU.
/// </summary>
public sealed class ImbalancePageTests(ImbalancePageTests.Fleet fleet) : IClassFixture<ImbalancePageTests.Fleet>
{
    [Fact(Timeout = 120_000)]
    public async Task The_deployment_page_marks_the_replica_whose_gpu_the_simulator_keeps_busy()
    {
        var plane = fleet.Plane;
        using (var put = await plane.PutDeploymentAsync("skewed-ui", DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 4, decodeTp: 4), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var prefill = (await plane.GetJsonAsync<DeploymentView>("/api/v1/deployments/skewed-ui")).Pairs[0].Placement.Prefill;
        var hot = prefill.GpuIndices[0];
        using (var inject = await plane.PostJsonAsync($"/api/v1/simulator/nodes/{prefill.Node}/faults", new { kind = "hotspot", gpu = hot }, RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, inject.StatusCode);
        }

        var page = await HeadlessChromium.SignedInPageAsync(fleet.Browser, plane.BaseAddress, RunningControlPlane.AdminKey);
        await page.GotoAsync("/deployments/skewed-ui");
        var marked = page.Locator("#imbalance-table tr.imbalanced[data-replica='0-prefill']");
        await Expect(marked).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 90_000 });
        await Expect(marked).ToContainTextAsync($"GPU {hot} at ");
        await Expect(page.Locator("#imbalance-table tr[data-replica='0-decode']")).Not.ToHaveClassAsync("imbalanced");
        await marked.ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "imbalance");
    }

    /// <summary>Two simulated nodes reporting every 100 ms (the window needs 40 readings), and Chromium.</summary>
    public sealed class Fleet : IAsyncLifetime
    {
        private IPlaywright? _playwright;

        public RunningControlPlane Plane { get; private set; } = null!;

        public IBrowser Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Plane = await RunningControlPlane.StartAsync(
                "--ControlPlane:Simulator:Enabled=true",
                "--ControlPlane:Simulator:Nodes=2",
                "--ControlPlane:Simulator:Interval=00:00:00.1",
                "--ControlPlane:Imbalance:MinSamples=40",
                "--ControlPlane:Imbalance:CheckEvery=00:00:00.500");
            _playwright = await Playwright.CreateAsync();
            Browser = await HeadlessChromium.LaunchAsync(_playwright);
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }

            _playwright?.Dispose();
            await Plane.DisposeAsync();
        }
    }
}
