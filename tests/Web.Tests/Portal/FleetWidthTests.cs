using ControlPlane.Web.Tests.Portal.Components;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>On a 1440-pixel screen the fleet table fits: no sideways scrolling, Reasons and Last seen in view.</summary>
[Collection(PortalCollection.Name)]
public sealed class FleetWidthTests(PortalFixture fixture, ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task At_1440_pixels_the_fleet_table_fits_the_window_with_reasons_and_last_seen_in_view()
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.Locator("#fleet-table tr[data-row=a100-01]")).ToBeVisibleAsync();

        var widths = await page.EvaluateAsync<double[]>(
            """
            () => {
              const table = document.querySelector('#fleet-table').getBoundingClientRect();
              const reasons = [...document.querySelectorAll('#fleet-table th')].find(th => th.textContent.trim().startsWith('Reasons')).getBoundingClientRect();
              const lastSeen = document.querySelector('#fleet-table th[data-sort=LastSeen]').getBoundingClientRect();
              const scroll = document.querySelector('#fleet-scroll');
              const element = document.querySelector('#fleet-table');
              element.style.width = 'max-content';
              const natural = element.getBoundingClientRect().width;
              element.style.width = '';
              return [window.innerWidth, document.documentElement.scrollWidth, table.right, reasons.right, lastSeen.right, scroll.scrollWidth, scroll.clientWidth, natural];
            }
            """);
        output.WriteLine($"window {widths[0]}, page {widths[1]}, table right {widths[2]}, Reasons right {widths[3]}, Last seen right {widths[4]}, scroll area {widths[5]} of {widths[6]}, the table's own width {widths[7]}");

        Assert.True(widths[1] <= widths[0], $"the page scrolls sideways: {widths[1]} px wide in a {widths[0]} px window");
        Assert.True(widths[5] <= widths[6], $"the fleet table scrolls sideways: {widths[5]} px in {widths[6]} px");
        Assert.True(widths[3] <= widths[0] && widths[4] <= widths[0], "Reasons or Last seen is off-screen");
    }
}
