using System.Buffers;
using System.Text;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Ingestion;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>The reader of probe bodies reads what System.Text.Json reads, reuses what did not change, and leaves every other shape to it.</summary>
public sealed class ProbeBodyReaderTests
{
    public static TheoryData<string> Templates => [.. NodeTemplates.All.Select(t => t.Name)];

    private static ReadOnlySequence<byte> Body(string json) => new(Encoding.UTF8.GetBytes(json));

    private static string Json(ProbeReport report) => JsonSerializer.Serialize(report, ApiJson.Options);

    private static ProbeReport Busy(NodeTemplate template, int seed)
    {
        var node = new SimulatedNode($"reader-{template.Name}", template, template.Versions, "rack-9");
        node.Inject(new SimulatedFault(SimulatedFaultKind.Xid, Gpu: 0, Xid: 79));
        node.Inject(new SimulatedFault(SimulatedFaultKind.NicDown));
        return node.NextReport(DateTimeOffset.UtcNow, new Random(seed)) with { Notes = ["nccl: not found"] };
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Reads_every_template_exactly_as_System_Text_Json_does(string name)
    {
        var json = Json(Busy(NodeTemplates.All.Single(t => t.Name == name), 1));

        var read = ProbeBodyReader.TryRead(Body(json), previous: null);

        Assert.NotNull(read);
        Assert.Equal(Json(JsonSerializer.Deserialize<ProbeReport>(json, ApiJson.Options)!), Json(read));
    }

    [Fact]
    public void A_gpus_nvlink_fabric_is_read_as_System_Text_Json_reads_it_and_a_steady_one_is_the_previous_object()
    {
        var fabric = new GpuFabric { State = "Completed", Status = "Success", CliqueId = 32766, ClusterUuid = "6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11", HealthSummary = "Healthy", HealthMask = 0xAA };
        var report = Reports.For("reader-fabric", NodeTemplates.H20, 1);
        report = report with { Gpus = [.. report.Gpus.Select(g => g with { Fabric = fabric })] };
        var json = Json(report);

        var read = ProbeBodyReader.TryRead(Body(json), previous: null);
        var again = ProbeBodyReader.TryRead(Body(Json(report with { Sequence = 2 })), read);

        Assert.NotNull(read);
        Assert.Equal(Json(JsonSerializer.Deserialize<ProbeReport>(json, ApiJson.Options)!), Json(read));
        Assert.Equal("6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11/32766", read.Gpus[0].Fabric?.DomainKey);
        Assert.Equal(0xAA, read.Gpus[0].Fabric?.HealthMask);
        Assert.DoesNotContain("domainKey", json, StringComparison.Ordinal);
        Assert.Same(read.Gpus[0], again!.Gpus[0]);
    }

    [Fact]
    public void Against_the_previous_report_only_changed_parts_are_new_objects()
    {
        var previous = ProbeBodyReader.TryRead(Body(Json(Reports.For("reader-prev", NodeTemplates.H20, 1))), null)!;
        var warmer = previous with { Sequence = 2, Gpus = [.. previous.Gpus.Select(g => g with { TemperatureC = 70, PowerW = 321.5 })] };
        var json = Json(warmer);

        var read = ProbeBodyReader.TryRead(Body(json), previous)!;

        Assert.Equal(Json(JsonSerializer.Deserialize<ProbeReport>(json, ApiJson.Options)!), Json(read));
        Assert.Same(previous.Topology, read.Topology);
        Assert.Same(previous.Nics, read.Nics);
        Assert.Same(previous.Versions, read.Versions);
        Assert.Same(previous.Gpus[3].Uuid, read.Gpus[3].Uuid);
        Assert.Same(previous.Gpus[3].Ecc, read.Gpus[3].Ecc);
        Assert.NotSame(previous.Gpus[3], read.Gpus[3]);
        Assert.Equal(70, read.Gpus[3].TemperatureC);
    }

    [Fact]
    public void An_unchanged_report_is_the_previous_gpus_and_a_changed_fact_is_read_anew()
    {
        var previous = ProbeBodyReader.TryRead(Body(Json(Reports.Steady("reader-same", 1))), null)!;

        var same = ProbeBodyReader.TryRead(Body(Json(previous with { Sequence = 2 })), previous)!;
        var moved = ProbeBodyReader.TryRead(Body(Json(previous with { Sequence = 3, Pool = "elsewhere", Gpus = [previous.Gpus[0] with { NvLinksDown = [2] }, .. previous.Gpus[1..]] })), previous)!;

        Assert.Same(previous.Gpus, same.Gpus);
        Assert.Equal(2, same.Sequence);
        Assert.Equal("elsewhere", moved.Pool);
        Assert.Equal([2], moved.Gpus[0].NvLinksDown);
        Assert.Same(previous.Gpus[1], moved.Gpus[1]);
    }

    [Theory]
    [InlineData("{\"node\"", "{\"extra\":1,\"node\"")]
    [InlineData("{\"node\"", "{\"Pool\":\"x\",\"node\"")]
    [InlineData("{\"node\"", "{\"pool\":\"a\",\"node\"")]
    [InlineData("\"gpus\":[]", "\"gpus\":null")]
    [InlineData("\"sequence\":1,", "\"sequence\":\"1\",")]
    public void Other_shapes_are_left_to_System_Text_Json(string find, string replace)
    {
        var json = Json(Reports.Steady("reader-other", 1) with { Gpus = [] });
        Assert.Contains(find, json, StringComparison.Ordinal);

        Assert.NotNull(ProbeBodyReader.TryRead(Body(json), null));
        Assert.Null(ProbeBodyReader.TryRead(Body(json.Replace(find, replace, StringComparison.Ordinal)), null));
    }

    [Fact]
    public void Detailed_nvlinks_and_trailing_content_are_left_to_System_Text_Json()
    {
        var report = Reports.Steady("reader-detail", 1);
        var detailed = report with { Gpus = [report.Gpus[0] with { NvLinks = [new NvLinkState { Link = 0, Active = true }] }] };

        Assert.Null(ProbeBodyReader.TryRead(Body(Json(detailed)), null));
        Assert.Null(ProbeBodyReader.TryRead(Body(Json(report) + " {}"), null));
        Assert.NotNull(ProbeBodyReader.TryRead(Body(Json(report) + " \n"), null));
    }
}
