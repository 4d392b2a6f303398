using System.Net;
using ControlPlane.Web.Tests.Portal.Components;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>An unknown portal address gets the portal's not-found page (404, HTML, a way home); an unknown API path keeps its problem+json 404.</summary>
[Collection(PortalCollection.Name)]
public sealed class NotFoundPageTests(PortalFixture fixture)
{
    [Fact(Timeout = 60_000)]
    public async Task An_unknown_portal_path_is_a_404_html_page_that_links_home()
    {
        var page = await fixture.SignedInPageAsync();
        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        await Expect(page.Locator("#not-found")).ToContainTextAsync("Page not found");
        await Expect(page.Locator("#nav")).ToBeVisibleAsync();
        await page.ClickAsync("#not-found-home");
        await Expect(page.Locator("#fleet-table")).ToBeVisibleAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_path_is_html_to_a_stranger_too_and_an_unknown_api_path_stays_problem_json()
    {
        using var anonymous = fixture.Plane.Client(bearer: null);
        using var portal = await anonymous.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, portal.StatusCode);
        Assert.Equal("text/html", portal.Content.Headers.ContentType?.MediaType);
        Assert.Contains("href=\"/\"", await portal.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var admin = fixture.Plane.Client();
        using var api = await admin.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
