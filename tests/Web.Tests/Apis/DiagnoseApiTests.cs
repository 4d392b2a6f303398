using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Web.Tests.Apis;

public sealed class DiagnoseApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact]
    public async Task The_default_h200_log_is_diagnosed_as_nvlink()
    {
        using var response = await Plane.PostJsonAsync("/api/v1/diagnose/nccl",
            new { logs = new[] { new { name = "default.log", text = FixtureFiles.Read("nccl/h200x2-allreduce-default.log") } } }, ApiFixture.ViewerKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("nvlink", body.GetProperty("transport").GetString());
        Assert.DoesNotContain(body.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() is "warning" or "error");
    }

    [Fact]
    public async Task A_multipart_upload_of_the_watchdog_log_names_the_straggler()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(FixtureFiles.Read("nccl/h200x2-watchdog-timeout.log")), "logs", "watchdog.log" },
        };
        using var client = Plane.Client(ApiFixture.ViewerKey);
        using var response = await client.PostAsync(new Uri("/api/v1/diagnose/nccl", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var finding = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("code").GetString() == "watchdog-timeout");
        Assert.Equal("watchdog.log", finding.GetProperty("evidence")[0].GetProperty("file").GetString());
        Assert.Equal([1], finding.GetProperty("timeout").GetProperty("stragglers").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData("multipart/form-data")] // no boundary
    [InlineData("multipart/form-data; boundary=cut")] // a part that never ends
    public async Task A_malformed_multipart_body_is_400_not_500(string contentType)
    {
        using var client = Plane.Client(ApiFixture.ViewerKey);
        using var body = new ByteArrayContent("--cut\r\nContent-Disposition: form-data; name=\"logs\"; filename=\"a.log\"\r\n\r\nNCCL INFO trunc"u8.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync(new Uri("/api/v1/diagnose/nccl", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_log_without_nccl_lines_is_422_not_an_empty_success()
    {
        using var response = await Plane.PostJsonAsync("/api/v1/diagnose/nccl",
            new { logs = new[] { new { name = "app.log", text = "INFO starting server\nINFO ready\n" } } }, ApiFixture.ViewerKey);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("NCCL_DEBUG=INFO", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_logs_unknown_node_and_no_credentials_are_refused()
    {
        using var empty = await Plane.PostJsonAsync("/api/v1/diagnose/nccl", new { logs = Array.Empty<object>() }, ApiFixture.ViewerKey);
        using var unknown = await Plane.PostJsonAsync("/api/v1/diagnose/nccl",
            new { node = "nowhere", logs = new[] { new { name = "a", text = "x" } } }, ApiFixture.ViewerKey);
        using var anonymous = await Plane.PostJsonAsync("/api/v1/diagnose/nccl", new { logs = Array.Empty<object>() }, bearer: null);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_known_node_lends_its_fabric_to_the_diagnosis()
    {
        using (await Plane.PutProbeAsync("diag-h20", Reports.Steady("diag-h20", 1, NodeTemplates.H20), RunningControlPlane.AdminKey)) { }

        var view = await Plane.GetNodeAsync("diag-h20");
        var context = ControlPlane.Web.Apis.DiagnoseApi.ContextOf(view!);

        Assert.Equal((true, 18, true), (context.GpusNvLinked, context.NvLinkCount, context.HasActiveIbPorts));
        Assert.Equal("rdma/ib", context.RdmaResource);
    }
}
