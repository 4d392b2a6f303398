using System.Threading.Channels;
using ControlPlane.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// Where the applier's pod watch resumes after the server ends it
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes): from a bookmark
/// without listing again, and from a compacted version by listing again, whichever way the server says 410 Gone.
/// </summary>
public sealed class PodWatchResumeTests : IAsyncLifetime
{
    private const string Ns = "inference";

    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
    private readonly Channel<PodChange> changes = Channel.CreateUnbounded<PodChange>();
    private FakeKubernetesApiServer fake = null!;
    private KubernetesApplier applier = null!;
    private Task watching = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        fake = await FakeKubernetesApiServer.StartAsync();
        applier = new(fake.Client(), Options.Create(new KubernetesOptions { Render = new() { Namespace = Ns } }), NullLogger<KubernetesApplier>.Instance);
        await applier.ApplyAsync(Render("qwen"));
        watching = Task.Run(async () =>
        {
            await foreach (var change in applier.WatchPodsAsync("qwen", cancellationToken: timeout.Token))
            {
                await changes.Writer.WriteAsync(change);
            }
        });
        Assert.Equal(["Listed qwen-decode-0", "Listed qwen-prefill-0"], new[] { await NextAsync(), await NextAsync() }.Order(StringComparer.Ordinal));
        fake.Kubelet.Run(Ns, "qwen-prefill-0");
        Assert.Equal("Modified qwen-prefill-0", await NextAsync());
    }

    /// <summary>https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-bookmarks</summary>
    [Fact]
    public async Task After_a_bookmark_the_watch_resumes_from_its_version_and_does_not_list_again_though_older_history_is_compacted()
    {
        // Another deployment's pods move the version; our watch sees none of it but the bookmark.
        await applier.ApplyAsync(Render("other"));
        fake.Kubelet.Run(Ns, "other-prefill-0");
        fake.HoldWatches();
        var bookmark = fake.SendBookmarks();
        fake.EndWatches();
        fake.CompactHistory();
        Assert.Equal(bookmark, fake.ResourceVersion);
        fake.ReleaseWatches();

        fake.Kubelet.Run(Ns, "qwen-decode-0");
        Assert.Equal("Modified qwen-decode-0", await NextAsync());
        var watches = Requests(watch: true);
        Assert.Equal(bookmark.ToString(System.Globalization.CultureInfo.InvariantCulture), watches[^1].Query["resourceVersion"]);
        Assert.Equal("true", watches[^1].Query["allowWatchBookmarks"]);
        Assert.Single(Requests(watch: false));
        Assert.DoesNotContain(fake.Refusals, r => r.Code == 410);
    }

    /// <summary>https://kubernetes.io/docs/reference/using-api/api-concepts/#410-gone-responses</summary>
    [Theory]
    [InlineData(FakeKubernetesApiServer.TooOld.ErrorEvent)]
    [InlineData(FakeKubernetesApiServer.TooOld.HttpGone)]
    public async Task A_watch_from_a_compacted_version_lists_again_whether_410_comes_as_an_event_or_as_the_http_status(FakeKubernetesApiServer.TooOld answer)
    {
        fake.ExpiredWatchAnswer = answer;
        fake.HoldWatches();
        fake.EndWatches();
        await applier.ApplyAsync(Render("other"));
        fake.CompactHistory();
        fake.ReleaseWatches();

        Assert.Equal(["Listed qwen-decode-0", "Listed qwen-prefill-0"], new[] { await NextAsync(), await NextAsync() }.Order(StringComparer.Ordinal));
        Assert.Equal(2, Requests(watch: false).Count);
        Assert.Contains(fake.Refusals, r => r.Code == 410 && r.Reason == "Expired");
        fake.Kubelet.Run(Ns, "qwen-decode-0");
        Assert.Equal("Modified qwen-decode-0", await NextAsync());
    }

    private List<FakeKubernetesApiServer.RecordedRequest> Requests(bool watch) =>
        [.. fake.Requests.Where(r => r.Method == "GET" && r.Path == "/api/v1/namespaces/inference/pods" && (r.Query.GetValueOrDefault("watch") == "true") == watch)];


    private async Task<string> NextAsync()
    {
        var c = await changes.Reader.ReadAsync(timeout.Token);
        return $"{c.Event} {c.Pod.Name}";
    }

    private static RenderedManifests Render(string deployment) =>
        ManifestRenderer.Render(deployment, Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns });

    public async Task DisposeAsync()
    {
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        timeout.Dispose();
        await fake.DisposeAsync();
    }
}
