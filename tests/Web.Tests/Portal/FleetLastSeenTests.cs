using ControlPlane.Web.Tests.Portal.Components;
using Microsoft.Playwright;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>
/// The fleet page's "Last seen" follows the simulator's one-second reports, although the fleet index only
/// hears of a steady node every FleetRefreshEvery (60 s).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class FleetLastSeenTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task Last_seen_on_the_fleet_page_moves_with_each_report_not_with_the_index_refresh()
    {
        var page = await fixture.SignedInPageAsync();
        var cell = "#fleet-table tr[data-row=h20-02] td[data-last-seen]";

        // Three times in a row, a report made after "now" shows up within a few seconds: the index alone would
        // show one time for up to a minute.
        for (var round = 0; round < 3; round++)
        {
            var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await page.WaitForFunctionAsync(
                "([selector, after]) => Number(document.querySelector(selector)?.getAttribute('data-last-seen') ?? 0) >= after",
                new object[] { cell, after },
                new PageWaitForFunctionOptions { Timeout = 5_000, PollingInterval = 200 });
        }
    }
}
