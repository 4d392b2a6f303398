using ControlPlane.Tests.Shared;
namespace ControlPlane.Kubernetes.Tests.Docs;

/// <summary>docs/deployments.md shows what the renderer renders today, not what it rendered when the doc was written.</summary>
public sealed class RenderedManifestsDocTests
{
    [Fact]
    public void The_rendered_manifests_in_the_docs_are_what_the_renderer_renders()
    {
        var path = Path.Combine(FixtureFiles.RepositoryRoot, "docs", "deployments.md");
        var doc = File.ReadAllText(path);
        var begin = doc.IndexOf(RenderedManifestsDoc.Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(RenderedManifestsDoc.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{path} has no generated section between its markers");
        var current = doc[begin..(end + RenderedManifestsDoc.End.Length)].ReplaceLineEndings("\n") + "\n";
        var rendered = RenderedManifestsDoc.Section().ReplaceLineEndings("\n");

        if (current != rendered && Environment.GetEnvironmentVariable("CONTROLPLANE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, doc[..begin] + rendered.TrimEnd('\n') + doc[(end + RenderedManifestsDoc.End.Length)..]);
            return;
        }

        Assert.True(current == rendered, $"docs/deployments.md is out of date with the renderer; run the Kubernetes tests with CONTROLPLANE_UPDATE_DOCS=1 and commit the change");
    }

    [Fact]
    public void The_section_covers_both_engines_both_backends_and_all_three_tiers()
    {
        var section = RenderedManifestsDoc.Section();

        Assert.Equal(12, section.Split("\n### ").Count(h => h.Contains(" × ", StringComparison.Ordinal) && !h.StartsWith("The router", StringComparison.Ordinal)));
        Assert.Contains("mooncake_protocol", section, StringComparison.Ordinal);
        Assert.Contains("MC_FORCE_TCP", section, StringComparison.Ordinal);
        Assert.Contains("wait-for-engines", section, StringComparison.Ordinal);
    }
}
