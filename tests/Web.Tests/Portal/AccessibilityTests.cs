using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Testing;
using ControlPlane.Tests.Shared;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>axe-core (Deque's engine, injected into the real page) on every page of the portal: nothing serious or critical.</summary>
[Collection(PortalCollection.Name)]
public sealed class AccessibilityTests(PortalFixture fixture, ITestOutputHelper output)
{
    private const string Deployment = "axe-portal";

    [Fact(Timeout = 240_000)]
    public async Task Every_portal_page_has_no_serious_or_critical_axe_violation_and_its_content_sits_in_landmarks()
    {
        using (var put = await fixture.Plane.PutDeploymentAsync(Deployment, DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var failover = await fixture.Plane.PostJsonAsync($"/api/v1/deployments/{Deployment}/pairs/0:failover", new { reason = "axe walk" }, RunningControlPlane.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        var incident = (await failover.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incident").GetString();

        var anonymous = await fixture.NewPageAsync();
        var found = new List<string>();
        await ScanAsync(anonymous, "/login", "#key", found);

        var page = await fixture.SignedInPageAsync();
        (string Path, string Ready)[] pages =
        [
            ("/", "#fleet-table tr[data-row]"),
            ("/nodes/h20-01", "#topology-heatmap"),
            ("/deployments", "#deployments-table"),
            ($"/deployments/{Deployment}", "#manifest-yaml"),
            ($"/deployments/{Deployment}/pods/{Deployment}-prefill-0", "#pod-deployment"),
            ("/deployments/new", "#deployment-form"),
            ($"/deployments/{Deployment}/edit", "#deployment-form"),
            ("/incidents", "#incidents-table"),
            ($"/incidents/{incident}", "#incident-detail"),
            ("/diagnose", "#nccl-log"),
            ("/audit", "#audit-table"),
            ("/cluster", "#silos"),
            ("/no-such-page", "#not-found"),
        ];
        foreach (var (path, ready) in pages)
        {
            await ScanAsync(page, path, ready, found);
        }

        // Pages in the states an operator leaves them in: a diagnosis with findings and evidence links, a plan with errors.
        await page.GotoAsync("/diagnose");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#nccl-log", FixtureFiles.Read("nccl/h200x2-allreduce-p2p-disabled.log"));
        await page.ClickAsync("#diagnose-button");
        await Expect(page.Locator("[data-finding=p2p-disabled-by-env]")).ToBeVisibleAsync();
        await ScanAsync(page, "/diagnose (diagnosed)", found);

        await page.GotoAsync("/deployments/new");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-name", "axe-plan");
        await page.ClickAsync("#plan-button");
        // Placed or "fits nowhere" with its rejections, as the shared fleet stands when this runs: both are scanned states.
        await Expect(page.Locator("#plan-result")).ToBeVisibleAsync();
        await ScanAsync(page, "/deployments/new (planned)", found);
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pool", "nosuchpool");
        await page.ClickAsync("#plan-button");
        await Expect(page.Locator("#deployment-form")).ToContainTextAsync("nosuchpool");
        await ScanAsync(page, "/deployments/new (planned, bad pool)", found);

        await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>(Deployment).DeleteAsync(); // the fixture's pools are shared
        Assert.True(found.Count == 0, $"axe found {found.Count} serious, critical or landmark violation(s):\n{string.Join('\n', found)}");
    }

    private async Task ScanAsync(IPage page, string path, string ready, List<string> found)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator(ready).First).ToBeVisibleAsync();
        await ScanAsync(page, path, found);
    }

    private async Task ScanAsync(IPage page, string path, List<string> found)
    {
        if (await page.Locator("#live-indicator").CountAsync() > 0)
        {
            await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        }

        var result = await page.RunAxe();
        var counted = 0;
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical" || v.Id == "region"))
        {
            foreach (var node in violation.Nodes)
            {
                var checks = node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message);
                var line = $"{path}: {violation.Id} ({violation.Impact}) at {node.Target}: {violation.Help}. {string.Join(" ", checks)}";
                output.WriteLine(line);
                found.Add(line);
                counted++;
            }
        }

        output.WriteLine($"{path}: {counted} serious/critical/region violation node(s); {result.Passes.Length} rules passed");
    }
}
