using System.Text.RegularExpressions;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>The operator's path through the portal in a real browser: sign in, read the fleet, cordon a node.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class PortalTests(PortalFixture fixture)
{
    public const string FleetScreenshot = "/tmp/portal-fleet.png";

    [Fact(Timeout = 90_000)]
    public async Task Operator_signs_in_sees_the_simulated_fleet_and_cordons_a_node_in_the_portal()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.FillAsync("#key", RunningControlPlane.AdminKey);
        await page.ClickAsync("#sign-in");

        var table = page.Locator("#fleet-table");
        await Expect(table.Locator("[data-node=h20-01]")).ToBeVisibleAsync();
        await Expect(table.Locator("[data-node=a100-01]")).ToBeVisibleAsync();
        var a100 = table.Locator("tr[data-row=a100-01]");
        await Expect(a100).ToContainTextAsync("nic-down");
        await Expect(a100.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "Degraded");
        await Expect(table.Locator("tbody tr[data-row]")).ToHaveCountAsync(PortalFixture.Nodes);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = FleetScreenshot, FullPage = true });

        // MudBlazor's stylesheet came with content (the chip is painted, not a bare span) and Blazor's script ran.
        var chipColor = await a100.Locator("[data-health]").EvaluateAsync<string>("chip => window.getComputedStyle(chip).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", chipColor);
        var loaded = await page.EvaluateAsync<string[]>(
            "() => performance.getEntriesByType('resource').filter(e => e.decodedBodySize > 0).map(e => new URL(e.name).pathname)");
        Assert.Contains(loaded, path => path.EndsWith("MudBlazor.min.css", StringComparison.Ordinal) || MudCss().IsMatch(path));
        Assert.Contains("/_blazor/negotiate", loaded); // blazor.web.js loaded and ran: it opens the circuit

        await table.Locator("[data-node=h20-01]").ClickAsync();
        await Expect(page).ToHaveURLAsync(NodeUrl());
        await Expect(page.Locator("#cordon-state")).ToHaveTextAsync("Schedulable");
        var reason = "IB cable swap in rack 1";
        await FillWhenInteractiveAsync(page, reason);
        await page.ClickAsync("#cordon-button");

        await Expect(page.Locator("#cordon-state")).ToContainTextAsync($"Cordoned by admin: {reason}");
        var view = await fixture.Plane.Grains.GetGrain<INodeGrain>("h20-01").GetAsync();
        Assert.NotNull(view);
        Assert.True(view.Cordon.Cordoned);
        Assert.Equal(reason, view.Cordon.Reason);
        Assert.Equal("admin", view.Cordon.By);

        // Signing out needs the form's antiforgery token: a bare cross-site POST is refused and changes nothing.
        var forged = await page.EvaluateAsync<int>("async () => (await fetch('/auth/logout', { method: 'POST', body: new FormData() })).status");
        Assert.Equal(400, forged);
        await page.ReloadAsync();
        await Expect(page.Locator("#cordon-state")).ToContainTextAsync("Cordoned by admin");
        await page.ClickAsync("text=Sign out");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginUrl());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task A_return_url_off_this_site_signs_in_to_the_fleet_page_instead(string returnUrl)
    {
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("#key", RunningControlPlane.AdminKey);
        await page.ClickAsync("#sign-in");

        Assert.True(response!.Ok);
        await Expect(page.Locator("#fleet-table")).ToBeVisibleAsync();
        Assert.StartsWith(fixture.Plane.BaseAddress.ToString(), page.Url, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Wrong_key_keeps_the_operator_on_the_login_page_with_an_error()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/login");
        await page.FillAsync("#key", "not-a-key-anyone-issued");
        await page.ClickAsync("#sign-in");

        await Expect(page.Locator("#login-error")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        Assert.Equal(0, await page.Locator("#fleet-table").CountAsync());
    }

    /// <summary>
    /// The node page is prerendered, then the interactive circuit attaches; typing before then is lost.
    /// The cordon button is enabled only once the circuit has seen a reason, so retry until it is.
    /// </summary>
    private static async Task FillWhenInteractiveAsync(IPage page, string reason)
    {
        var field = page.Locator("#cordon-reason");
        var button = page.Locator("#cordon-button");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await field.FillAsync(reason);
            try
            {
                await Expect(button).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 500 });
                return;
            }
            catch (PlaywrightException)
            {
                await field.FillAsync("");
            }
        }

        await Expect(button).ToBeEnabledAsync();
    }

    [GeneratedRegex("/login")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"/_content/MudBlazor/MudBlazor\.min\.[a-z0-9]+\.css$")]
    private static partial Regex MudCss();

    [GeneratedRegex("/nodes/h20-01$")]
    private static partial Regex NodeUrl();
}
