using ControlPlane.Grains.Nodes;
using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ControlPlane.Silo.Tests.Storage;

/// <summary>Embedded mode's storage holds to what Redis storage promises: etags, new objects on read, nothing half-written.</summary>
public sealed class InProcessGrainStorageTests
{
    private static readonly GrainId Node = GrainId.Create("node", "store-1");

    private readonly InProcessGrainStorage _storage = Create();

    [Fact]
    public async Task A_state_never_written_reads_as_a_new_default_without_an_etag()
    {
        var state = new GrainState<NodeRecord>();

        await _storage.ReadStateAsync("node", Node, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(-1, state.State!.Sequence);
    }

    [Fact]
    public async Task A_written_state_reads_back_equal_as_a_new_object_under_the_etag_the_write_answered()
    {
        var written = new GrainState<NodeRecord>(new NodeRecord { Sequence = 42, SequenceCeiling = 1042 });
        await _storage.WriteStateAsync("node", Node, written);
        var read = new GrainState<NodeRecord>();

        await _storage.ReadStateAsync("node", Node, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal((42L, (long?)1042), (read.State!.Sequence, read.State!.SequenceCeiling));
        Assert.NotSame(written.State, read.State);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_as_inconsistent_and_leaves_the_stored_state()
    {
        var first = new GrainState<NodeRecord>(new NodeRecord { Sequence = 1 });
        await _storage.WriteStateAsync("node", Node, first);
        var other = new GrainState<NodeRecord>();
        await _storage.ReadStateAsync("node", Node, other);
        first.State = new NodeRecord { Sequence = 2 };
        await _storage.WriteStateAsync("node", Node, first);

        other.State = new NodeRecord { Sequence = 99 };
        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("node", Node, other));
        var read = new GrainState<NodeRecord>();
        await _storage.ReadStateAsync("node", Node, read);

        Assert.Equal(first.ETag, refused.StoredEtag);
        Assert.Equal(2, read.State!.Sequence);
    }

    [Fact]
    public async Task A_first_write_that_presents_an_etag_fails_as_there_is_nothing_it_could_have_read()
    {
        var state = new GrainState<NodeRecord>(new NodeRecord { Sequence = 1 }) { ETag = "7" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("node", Node, state));
        var read = new GrainState<NodeRecord>();
        await _storage.ReadStateAsync("node", Node, read);

        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Records_are_kept_per_state_name_and_grain_and_a_clear_removes_only_its_own()
    {
        var other = GrainId.Create("node", "store-2");
        var node = new GrainState<NodeRecord>(new NodeRecord { Sequence = 1 });
        await _storage.WriteStateAsync("node", Node, node);
        await _storage.WriteStateAsync("node", other, new GrainState<NodeRecord>(new NodeRecord { Sequence = 2 }));
        await _storage.WriteStateAsync("node-allocations", Node, new GrainState<NodeAllocations>(new NodeAllocations { CapacityVersion = 3 }));

        await _storage.ClearStateAsync("node", Node, node);
        var (cleared, kept, allocations) = (new GrainState<NodeRecord>(), new GrainState<NodeRecord>(), new GrainState<NodeAllocations>());
        await _storage.ReadStateAsync("node", Node, cleared);
        await _storage.ReadStateAsync("node", other, kept);
        await _storage.ReadStateAsync("node-allocations", Node, allocations);

        Assert.False(cleared.RecordExists);
        Assert.Null(node.ETag);
        Assert.Equal(2, kept.State!.Sequence);
        Assert.Equal(3, allocations.State!.CapacityVersion);
    }

    [Fact]
    public async Task Concurrent_writers_from_one_read_have_exactly_one_winner()
    {
        await _storage.WriteStateAsync("node", Node, new GrainState<NodeRecord>(new NodeRecord { Sequence = 0 }));
        var writers = await Task.WhenAll(Enumerable.Range(1, 16).Select(async i =>
        {
            var state = new GrainState<NodeRecord>();
            await _storage.ReadStateAsync("node", Node, state);
            return state;
        }));

        var outcomes = await Task.WhenAll(writers.Select((state, i) => Task.Run(async () =>
        {
            state.State = new NodeRecord { Sequence = i + 1 };
            try
            {
                await _storage.WriteStateAsync("node", Node, state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
    }

    private static InProcessGrainStorage Create()
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        services.AddControlPlaneDomain(new ConfigurationBuilder().Build());
        var provider = services.BuildServiceProvider();
        return new InProcessGrainStorage(provider.GetRequiredService<IGrainStorageSerializer>(), provider.GetRequiredService<IActivatorProvider>());
    }
}
