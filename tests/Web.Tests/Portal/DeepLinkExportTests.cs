using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using CsvHelper;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>The fleet table's and the incident list's state live in the URL, and both export what they show as CSV and JSON.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class DeepLinkExportTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task A_fleet_deep_link_restores_filter_and_sort_and_changes_go_back_into_the_url_without_a_reload()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/?health=Degraded&sort=FreeGpus&desc=true");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");

        await Expect(page.Locator("#fleet-count [data-count=Degraded]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("th[data-sort=FreeGpus]")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(page.Locator("#fleet-table tr[data-row=a100-01]")).ToBeVisibleAsync(); // Degraded by its Down mlx5_0
        var healths = await page.Locator("#fleet-table tr[data-row] [data-health]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.health)");
        Assert.NotEmpty(healths);
        Assert.All(healths, h => Assert.Equal("Degraded", h));

        await page.EvaluateAsync("() => window.__sameDocument = true");
        await page.Locator("#fleet-count [data-count=Healthy]").ClickAsync();
        await Expect(page).ToHaveURLAsync(HealthyUrl());
        await page.Locator("#fleet-search").FillAsync("h20");
        await Expect(page).ToHaveURLAsync(SearchUrl());
        await Expect(page.Locator("#fleet-table tr[data-row=h20-02]")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "changing the table reloaded the page");

        await page.GotoAsync("/?group=true&q=h100");
        await Expect(page.Locator("#fleet-table tr[data-pool-header=h100]")).ToBeVisibleAsync();
        await Expect(page.Locator("#fleet-table tr[data-row]")).ToHaveCountAsync(2);
    }

    [Fact(Timeout = 90_000)]
    public async Task The_fleet_export_downloads_the_rows_as_filtered_and_sorted_as_quoted_csv_and_as_json()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/?q=h20-&desc=true");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.Locator("#fleet-table tr[data-row]")).ToHaveCountAsync(3);
        var shown = await page.Locator("#fleet-table tr[data-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.row)");
        Assert.Equal(["h20-03", "h20-02", "h20-01"], shown);

        var csv = await DownloadAsync(page, "#export-fleet-csv", "fleet.csv");
        using (var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture))
        {
            var records = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(shown, records.Select(r => (string)r["node"]));
            var drifting = records.Single(r => (string)r["node"] == "h20-01");
            Assert.Contains("2.18.3", (string)drifting["drift"], StringComparison.Ordinal);
            Assert.Equal("h20", (string)drifting["pool"]);
        }

        var json = JsonDocument.Parse(await DownloadAsync(page, "#export-fleet-json", "fleet.json"));
        Assert.Equal(shown, json.RootElement.EnumerateArray().Select(n => n.GetProperty("node").GetString()));
        Assert.Equal(JsonValueKind.Array, json.RootElement[0].GetProperty("reasons").ValueKind);
    }

    [Fact(Timeout = 90_000)]
    public async Task The_incident_state_filter_lives_in_the_url_and_the_incident_list_exports_as_csv()
    {
        const string deployment = "export-inc";
        using (var put = await fixture.Plane.PutDeploymentAsync(deployment, DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var failover = await fixture.Plane.PostJsonAsync($"/api/v1/deployments/{deployment}/pairs/0:failover", new { reason = "export, \"quoted\" reason" }, RunningControlPlane.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        var incident = (await failover.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incident").GetString()!;

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/incidents?state=Resolved");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.Locator("#state-filter [data-filter=Resolved]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator($"#incidents-table tr[data-incident='{incident}']")).ToHaveCountAsync(0);

        await page.Locator("#state-filter [data-filter=All]").ClickAsync();
        await Expect(page).ToHaveURLAsync(IncidentsUrl());
        await Expect(page.Locator($"#incidents-table tr[data-incident='{incident}']")).ToBeVisibleAsync();
        var shown = await page.Locator("#incidents-table tr[data-incident]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.incident)");

        var csv = await DownloadAsync(page, "#export-incidents-csv", "incidents.csv");
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var records = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(shown, records.Select(r => (string)r["id"]).Take(shown.Length));
        var ours = records.Single(r => (string)r["id"] == incident);
        Assert.Contains($"{deployment}/pair-0", (string)ours["pairs"], StringComparison.Ordinal);
        Assert.Contains("export, \"quoted\" reason", (string)ours["title"], StringComparison.Ordinal);
        Assert.Contains("\"\"quoted\"\"", csv, StringComparison.Ordinal); // RFC 4180: the field is quoted and its quotes doubled
        await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>(deployment).DeleteAsync(); // the fixture's pools are shared
    }

    [Fact(Timeout = 60_000)]
    public async Task An_export_checks_its_query_and_credentials_like_the_api_and_a_viewer_may_read_it()
    {
        using var viewer = fixture.Plane.Client(PortalFixture.ViewerKey);
        using (var ok = await viewer.GetAsync(new Uri("/portal/export/fleet.csv?health=Healthy", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("text/csv", ok.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("node,pool,", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var (path, field) in new[] { ("/portal/export/fleet.csv?health=Purple", "health"), ("/portal/export/fleet.csv?sort=Colour", "sort"), ("/portal/export/fleet.xml", "format"), ("/portal/export/incidents.csv?state=Sleeping", "state") })
        {
            using var bad = await viewer.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path}: {problem}");
        }

        using var wrongKey = fixture.Plane.Client("not-a-key-0123456789abcdef0123");
        using (var refused = await wrongKey.GetAsync(new Uri("/portal/export/incidents.json", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Plane.BaseAddress };
        using var anonymous = await stranger.GetAsync(new Uri("/portal/export/fleet.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task<string> DownloadAsync(IPage page, string link, string name)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(link).ClickAsync());
        Assert.Equal(name, download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        await download.SaveAsAsync(path);
        try
        {
            return await File.ReadAllTextAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex(@"[?&]health=Healthy(&|$)")]
    private static partial Regex HealthyUrl();

    [GeneratedRegex(@"[?&]q=h20(&|$)")]
    private static partial Regex SearchUrl();

    [GeneratedRegex(@"/incidents$")]
    private static partial Regex IncidentsUrl();
}
