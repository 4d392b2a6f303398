using System.Net;
using System.Text.Json;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>Every error is RFC 7807 at the top level of the body, and the OpenAPI document says so.</summary>
public sealed class ErrorContractTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Theory]
    [InlineData("/api/v1/nodes/never-reported", "Unknown node")]
    [InlineData("/api/v1/gpus/GPU-00000000-0000-0000-0000-000000000000", "Unknown GPU")]
    [InlineData("/api/v1/deployments/never-deployed", "Unknown deployment")]
    [InlineData("/api/v1/deployments/never-deployed/manifests", "Unknown deployment")]
    public async Task Unknown_resource_is_404_with_status_title_and_detail_at_the_top_level(string path, string title)
    {
        using var client = Plane.Client(ApiFixture.ViewerKey);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.False(problem.TryGetProperty("problemDetails", out _));
    }

    [Fact]
    public async Task Deleting_an_unknown_deployment_is_a_top_level_404_problem()
    {
        using var client = Plane.Client(ApiFixture.OperatorKey);
        using var response = await client.DeleteAsync(new Uri("/api/v1/deployments/never-deployed", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Unknown deployment", (await response.ProblemAsync()).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/v1/nodes/{node}", "get", "404")]
    [InlineData("/api/v1/gpus/{uuid}", "get", "404")]
    [InlineData("/api/v1/deployments/{name}", "get", "404")]
    [InlineData("/api/v1/deployments/{name}", "put", "409")]
    [InlineData("/api/v1/nodes/{node}/probe", "put", "413")]
    [InlineData("/api/v1/nodes", "get", "400")]
    public async Task OpenAPI_declares_the_problem_answers(string path, string method, string status)
    {
        var document = await Plane.GetJsonAsync<JsonElement>("/openapi/v1.json", ApiFixture.ViewerKey);

        var response = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);
        Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }
}
