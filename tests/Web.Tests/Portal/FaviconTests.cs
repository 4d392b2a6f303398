using System.Net;
using ControlPlane.Web.Tests.Apis;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>Every portal page names its icon, and the icon is served to anyone (issue 23, bug 14: a favicon 404 on every page).</summary>
public sealed class FaviconTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_login_page_links_an_icon_that_is_served_without_signing_in()
    {
        using var anonymous = fixture.Plane.Client(bearer: null);
        var html = await anonymous.GetStringAsync(new Uri("/login", UriKind.Relative));
        var href = System.Text.RegularExpressions.Regex.Match(html, "<link href=\"([^\"]*favicon[^\"]*)\" rel=\"icon\"").Groups[1].Value;

        using var icon = await anonymous.GetAsync(new Uri(href, UriKind.Relative));

        Assert.StartsWith("favicon", href, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }
}
