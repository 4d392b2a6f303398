using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Probes.Infiniband;
using ControlPlane.Probes.Perf;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;
using ControlPlane.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ControlPlane.Probes.Tests;

/// <summary>
/// What a capture cut short (a tool killed mid-output, a file copied while it was written) may and may not do to each
/// parser, checked on every fixture cut at random points and at every line:
/// <list type="number">
/// <item>what cannot be read is a <see cref="ProbeParseException"/> naming the file and a line of the cut text, or the
/// line just past its end when the input ended first; never another exception;</item>
/// <item>complete lines say what they say in the whole capture: what a cut between two lines parses to, the whole parses
/// to as well, with lists only longer and values only filled in;</item>
/// <item>the partial last line of a cut mid-line may add to that (a row, a value) but never changes what the complete
/// lines said.</item>
/// </list>
/// What truncation cannot guarantee: a value on the partial last line may be cut short and still be a valid value
/// ("NV18" cut to "NV1", driver "580.159.04" to "580.15"); no parser can tell that from a shorter capture. And what a
/// report sums up from its lines changes as lines come (listed per case): nccl-tests' outcome (Incomplete until "Avg bus
/// bandwidth"), ib_write_bw's final result (the last row so far), a GPU's count of active NVLinks.
/// </summary>
public class TruncationProperties
{
    private static readonly (string Fixture, Func<string, string, object> Parse, string[] Summaries)[] Cases =
    [
        ("gpu-hosts/h200x2-a/topo-m.txt", TopologyParser.Parse, []),
        ("seeds/topo-8xH20-nv18-5nic.txt", TopologyParser.Parse, []),
        ("seeds/topo-8xH100-nv4-whitespace-collapsed.txt", TopologyParser.Parse, []),
        ("seeds/topo-2x5090-phb.txt", TopologyParser.Parse, []),
        ("gpu-hosts/h200x2-a/topo-p2p-r.txt", P2pMatrixParser.Parse, []),
        ("gpu-hosts/h200x2-a/nvidia-smi-q.xml", NvidiaSmiXmlParser.Parse, []),
        ("gpu-hosts/h200x2-a/query-gpu.csv", QueryGpuCsvParser.Parse, []),
        ("gpu-hosts/h200x2-a/nvidia-smi-L.txt", GpuListParser.Parse, []),
        ("seeds/nvidia-smi-L-pd-pods-isolated.txt", GpuListParser.Parse, []),
        ("gpu-hosts/h200x2-a/nvlink-s.txt", NvLinkStatusParser.Parse, ["ActiveLinks"]),
        ("gpu-hosts/h200x2-a/proc-gpus-information.txt", ProcGpuInformationParser.Parse, []),
        ("gpu-hosts/h200x2-a/proc-version.txt", DriverVersionParser.Parse, []),
        ("gpu-hosts/h200x2-a/nvcc.txt", CudaToolkitVersionParser.Parse, []),
        ("gpu-hosts/h200x2-a/p2p-bw.txt", CopyBandwidthParser.Parse, []),
        ("seeds/ibdev2netdev-a100-one-port-down.txt", IbDev2NetDevParser.Parse, []),
        ("seeds/ibdev2netdev-v100-2x100g.txt", IbDev2NetDevParser.Parse, []),
        ("seeds/ib_write_bw-v100-loopback.txt", IbWriteBwParser.Parse, ["Result"]),
        ("seeds/ucx_perftest-tag_bw-cuda-pods-tcp-fallback.txt", UcxPerfTestParser.Parse, []),
        ("seeds/all_reduce_perf-8xH100-seed-blog.txt", NcclTestParser.Parse, ["Outcome"]),
        ("seeds/all_reduce_perf-1x5090.txt", NcclTestParser.Parse, ["Outcome"]),
        ("seeds/all_reduce_perf-2x5090-failure.txt", NcclTestParser.Parse, ["Outcome"]),
    ];

    private static readonly string[] Texts = [.. Cases.Select(c => FixtureFiles.Read(c.Fixture))];

    private static readonly JsonNode?[] Wholes = [.. Cases.Select((c, i) => Json(c.Parse(Texts[i], "whole")))];

    // Cut points are drawn over each fixture's whole length (FsCheck's sized ints would stay near 0).
    private static readonly Gen<(int Case, int Length)> Cuts =
        from index in Gen.Choose(0, Cases.Length - 1)
        from length in Gen.Choose(0, Texts[index].Length)
        select (index, length);

    [Property(MaxTest = 1000)]
    public Property A_cut_anywhere_fails_where_it_ends_or_keeps_what_its_complete_lines_say() =>
        Prop.ForAll(Arb.From(Cuts), cut =>
        {
            var problems = Check(cut.Case, cut.Length, out _);
            return (problems.Count == 0).Label($"{Cases[cut.Case].Fixture} cut at {cut.Length}: {string.Join("; ", problems)}");
        });

    [Fact]
    public void Every_fixture_parses_whole_and_every_cut_at_every_line_and_between_keeps_the_guarantees()
    {
        var problems = new List<string>();
        for (var i = 0; i < Cases.Length; i++)
        {
            Assert.NotNull(Wholes[i]);
            var text = Texts[i];
            var ends = Enumerable.Range(0, text.Length).Where(at => text[at] == '\n').SelectMany(at => new[] { at, at + 1 });
            var step = Math.Max(1, text.Length / 400);
            var compared = 0;
            foreach (var length in ends.Concat(Enumerable.Range(0, (text.Length / step) + 1).Select(k => k * step)).Where(l => l < text.Length).Distinct())
            {
                problems.AddRange(Check(i, length, out var parsed).Select(p => $"{Cases[i].Fixture} cut at {length}: {p}"));
                compared += parsed ? 1 : 0;
            }

            Assert.True(compared > 0, $"{Cases[i].Fixture}: no cut of it parses, so none was compared with the whole");
        }

        Assert.Empty(problems);
    }

    /// <summary>The three guarantees for one fixture cut to <paramref name="length"/> characters: what they found wrong.</summary>
    private static List<string> Check(int which, int length, out bool parsed)
    {
        var (fixture, parse, summaries) = Cases[which];
        var name = Path.GetFileName(fixture);
        var cut = Texts[which][..length];
        var problems = new List<string>();
        var result = Read(parse, cut, name, problems);
        parsed = result is not null;

        // The lines the cut holds whole: up to its last line break.
        var head = cut[..(cut.LastIndexOf('\n') + 1)];
        var complete = head.Length == cut.Length ? result : Read(parse, head, name, problems);
        if (complete is not null)
        {
            problems.AddRange(Changes(complete, Wholes[which], "whole", summaries));
        }

        if (complete is not null && result is not null && head.Length < cut.Length)
        {
            problems.AddRange(Changes(complete, result, "with its partial last line", summaries));
        }

        return problems;
    }

    /// <summary>The parse as JSON, or null after checking that the failure is a ProbeParseException pointing into the text.</summary>
    private static JsonNode? Read(Func<string, string, object> parse, string text, string name, List<string> problems)
    {
        try
        {
            return Json(parse(text, name));
        }
        catch (ProbeParseException e)
        {
            var end = text.Length == 0 ? 1 : text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0) + 1;
            if (e.FileName != name || e.Line < 1 || e.Line > end || string.IsNullOrWhiteSpace(e.Expected))
            {
                problems.Add($"{e.Message} (the text has {end - 1} lines)");
            }

            return null;
        }
    }

    private static JsonNode? Json(object parsed) => JsonSerializer.SerializeToNode(parsed, parsed.GetType());

    /// <summary>
    /// Where <paramref name="later"/> (the parse of longer input) contradicts <paramref name="earlier"/>: a value read
    /// that changed or vanished, a list that lost items. Values not read yet (null) and lists that grew at their end are fine.
    /// </summary>
    private static IEnumerable<string> Changes(JsonNode? earlier, JsonNode? later, string what, string[] summaries, string path = "$")
    {
        switch (earlier)
        {
            case null:
                yield break;
            case JsonObject o when later is JsonObject l:
                foreach (var (key, value) in o.Where(p => !summaries.Contains(p.Key)))
                {
                    foreach (var change in Changes(value, l[key], what, summaries, $"{path}.{key}"))
                    {
                        yield return change;
                    }
                }

                yield break;
            case JsonArray a when later is JsonArray l && l.Count >= a.Count:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var change in Changes(a[i], l[i], what, summaries, $"{path}[{i}]"))
                    {
                        yield return change;
                    }
                }

                yield break;
            default:
                if (earlier.ToJsonString() != later?.ToJsonString())
                {
                    yield return $"{path} is {Short(earlier)} but {Short(later)} {what}";
                }

                yield break;
        }
    }

    private static string Short(JsonNode? node) => node?.ToJsonString() is { } json ? json.Length > 120 ? json[..120] + "…" : json : "null";
}
