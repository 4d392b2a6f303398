using Microsoft.Playwright;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>The machine's own Chromium (<c>apt-get install chromium</c>), headless, as every browser test drives it.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} was not found. The portal tests drive the system Chromium: install it with 'apt-get install chromium'.");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (no cookies) on <paramref name="baseAddress"/>, 1600 × 900.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh context signed in with <paramref name="key"/>, on the fleet page.</summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, Uri baseAddress, string key)
    {
        var page = await NewPageAsync(browser, baseAddress);
        await page.GotoAsync("/login");
        await page.FillAsync("#key", key);
        await page.ClickAsync("#sign-in");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#fleet-table")).ToBeVisibleAsync();
        return page;
    }
}
