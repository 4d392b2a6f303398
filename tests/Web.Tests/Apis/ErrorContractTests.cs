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
    [InlineData("/api/v1/nodes/{0}/cordon", "{\"reason\":", "$.reason", "Malformed JSON")]
    [InlineData("/api/v1/nodes/{0}/cordon", "{\"reason\":5}", "$.reason", "Malformed JSON")]
    [InlineData("/api/v1/nodes/{0}/uncordon", "[]", "$", "Malformed JSON")]
    [InlineData("/api/v1/nodes/{0}/sequence:reset", "{\"reason\":[1]}", "$.reason", "Malformed JSON")]
    [InlineData("/api/v1/deployments/{0}", "{\"pairs\":\"two\"}", "$.pairs", "Malformed JSON")]
    public async Task A_body_that_cannot_be_read_is_400_naming_its_path_with_a_detail_and_changes_nothing(string template, string json, string path, string title)
    {
        var node = $"bad-body-{Guid.NewGuid():N}"[..20];
        using (var report = await Plane.PutProbeAsync(node, Reports.Steady(node, 1), RunningControlPlane.AdminKey))
        {
            report.EnsureSuccessStatusCode();
        }

        using var client = Plane.Client(RunningControlPlane.AdminKey);
        var uri = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, node), UriKind.Relative);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = template.StartsWith("/api/v1/deployments", StringComparison.Ordinal) ? await client.PutAsync(uri, content) : await client.PostAsync(uri, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal((400, title), (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        Assert.False((await Plane.GetNodeAsync(node))!.Cordon.Cordoned);
    }

    [Fact]
    public async Task A_cordon_without_a_body_or_as_text_says_what_to_send()
    {
        using var client = Plane.Client(RunningControlPlane.AdminKey);
        using var empty = await client.PostAsync(new Uri("/api/v1/nodes/never-reported/cordon", UriKind.Relative), null);
        using var text = await client.PostAsync(new Uri("/api/v1/nodes/never-reported/cordon", UriKind.Relative), new StringContent("drain it", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.False(string.IsNullOrEmpty((await empty.ProblemAsync()).GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("Send the body as application/json.", (await text.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_validation_problem_has_a_detail_naming_its_fields()
    {
        using var response = await Plane.PutDeploymentAsync("detail-check", new { model = "gpt-9" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.ProblemAsync()).GetProperty("detail").GetString();
        Assert.StartsWith("Invalid: ", detail, StringComparison.Ordinal);
        Assert.Contains("model", detail, StringComparison.Ordinal);
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
