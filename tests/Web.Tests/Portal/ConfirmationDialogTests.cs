using System.Net;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>Delete and Fail over pair ask first, say what will happen, and Cancel changes nothing.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConfirmationDialogTests(PortalFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task Delete_asks_naming_the_deployment_cancel_keeps_it_and_confirm_deletes_it()
    {
        const string name = "confirm-delete";
        await PutAsync(name);
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/deployments/{name}");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");

        await page.ClickAsync("#delete-deployment");
        await Expect(Dialog(page)).ToContainTextAsync($"Delete deployment '{name}'?");
        await AnswerAsync(page, "Cancel");
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(name));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/deployments/{name}$"));

        await page.ClickAsync("#delete-deployment");
        await AnswerAsync(page, "Delete deployment");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/deployments$"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(name));
    }

    [Fact(Timeout = 120_000)]
    public async Task Fail_over_pair_asks_naming_the_pair_and_that_its_gpus_are_re_placed_and_cancel_opens_no_incident()
    {
        const string name = "confirm-failover";
        await PutAsync(name);
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/deployments/{name}");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");

        await page.ClickAsync("#failover-pair-0");
        await Expect(Dialog(page)).ToContainTextAsync($"Fail over pair 0 of '{name}'?");
        await Expect(Dialog(page)).ToContainTextAsync("GPUs are re-placed");
        await AnswerAsync(page, "Cancel");
        await Expect(Dialog(page)).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("#failover-incident").CountAsync());
        Assert.Null((await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>(name).GetAsync())!.Pairs[0].Incident);
        await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>(name).DeleteAsync();
    }

    /// <summary>Answers the open confirmation with the button named <paramref name="button"/>.</summary>
    internal static Task AnswerAsync(IPage page, string button) =>
        Dialog(page).GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    private static ILocator Dialog(IPage page) => page.Locator(".mud-dialog");

    private async Task PutAsync(string name)
    {
        using var put = await fixture.Plane.PutDeploymentAsync(name, DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private async Task<HttpStatusCode> StatusAsync(string name)
    {
        using var client = fixture.Plane.Client();
        using var get = await client.GetAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative));
        return get.StatusCode;
    }
}
