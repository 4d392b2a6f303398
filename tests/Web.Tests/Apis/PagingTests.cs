using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis.Paging;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>The <c>?limit=</c> and <c>?continue=</c> contract, the same on every list endpoint.</summary>
public sealed class PagingTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    public static readonly TheoryData<string, string, string> BadPages = Cross(
        ["/api/v1/nodes", "/api/v1/deployments"],
        [
            ("limit=0", "limit"),
            ("limit=1001", "limit"),
            ("limit=ten", "limit"),
            ("limit=-5", "limit"),
            ("continue=%25%25%25", "continue"),
            ("continue=bm90LWEtdG9rZW4", "continue"),
            ("continue=" + ContinueToken.Encode("nodes", "a", "b", "c"), "continue"),
            ("continue=" + ContinueToken.Encode("deployments", "Not A Name!"), "continue"),
        ]);

    private RunningControlPlane Plane => fixture.Plane;

    [Theory]
    [MemberData(nameof(BadPages))]
    public async Task A_bad_limit_or_a_forged_continue_is_400_naming_the_parameter(string listing, string query, string field)
    {
        using var client = Plane.Client(ApiFixture.ViewerKey);
        using var response = await client.GetAsync(new Uri($"{listing}?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors name {string.Join(", ", errors.EnumerateObject().Select(p => p.Name))}, not {field}");
    }

    [Fact]
    public async Task A_node_listing_token_is_refused_by_the_deployment_listing()
    {
        using var client = Plane.Client(ApiFixture.ViewerKey);
        using var response = await client.GetAsync(new Uri("/api/v1/deployments?continue=" + ContinueToken.Encode("nodes", "h20", "node-1"), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("continue", out _));
    }

    [Fact]
    public async Task Deployments_page_with_continue_until_every_one_is_seen_once()
    {
        await Plane.ReportNodesAsync("page-dep", NodeTemplates.H20, 1);
        string[] names = ["page-dep-a", "page-dep-b", "page-dep-c"];
        foreach (var name in names)
        {
            using var put = await Plane.PutDeploymentAsync(name, DeploymentCalls.Spec("page-dep", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var seen = new List<string>();
        string? next = null;
        using var client = Plane.Client(ApiFixture.ViewerKey);
        do
        {
            var url = "/api/v1/deployments?limit=1" + (next is null ? "" : "&continue=" + next);
            var page = (await client.GetFromJsonAsync<Page<DeploymentView>>(new Uri(url, UriKind.Relative), ApiJson.Options))!;
            Assert.True(page.Items.Length <= 1);
            seen.AddRange(page.Items.Select(d => d.Name));
            next = page.Continue;
        }
        while (next is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), names.ToHashSet());
    }

    private static TheoryData<string, string, string> Cross(string[] listings, (string Query, string Field)[] cases)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var listing in listings)
        {
            foreach (var (query, field) in cases)
            {
                data.Add(listing, query, field);
            }
        }

        return data;
    }
}
