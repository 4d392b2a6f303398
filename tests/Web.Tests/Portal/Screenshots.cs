using Microsoft.Playwright;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>
/// Where the browser tests leave their screenshots: <c>CONTROLPLANE_SCREENSHOTS</c> when set (the
/// README's docs/screenshots are taken that way), otherwise a temporary folder.
/// </summary>
public static class Screenshots
{
    public static readonly string Directory = Environment.GetEnvironmentVariable("CONTROLPLANE_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(Path.GetTempPath(), "controlplane-portal-screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        Assert.True(new FileInfo(path).Length > 0, $"{path} is empty");
    }
}
