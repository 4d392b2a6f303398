using ControlPlane.Testing;
using ControlPlane.Web.Tests.Portal.Components;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>The sign-in form's key field can be seen (MudBlazor's reset had left it borderless) and signs in.</summary>
[Collection(PortalCollection.Name)]
public sealed class LoginPageTests(PortalFixture fixture)
{
    [Fact(Timeout = 60_000)]
    public async Task The_api_key_field_has_a_visible_outline_and_a_typed_key_signs_in()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/login");
        var key = page.Locator("#key");

        var border = await key.EvaluateAsync<string[]>(
            "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, s.borderBottomStyle, s.borderBottomWidth]; }");
        Assert.Equal("solid", border[0]);
        Assert.NotEqual("0px", border[1]);
        Assert.NotEqual("rgba(0, 0, 0, 0)", border[2]);
        Assert.Equal(("solid", border[1]), (border[3], border[4]));
        var box = await key.BoundingBoxAsync();
        Assert.True(box is { Width: > 200, Height: > 24 }, $"the key field is {box?.Width}x{box?.Height}");

        await key.FillAsync(RunningControlPlane.AdminKey);
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("#fleet-table")).ToBeVisibleAsync();
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("admin");
    }
}
