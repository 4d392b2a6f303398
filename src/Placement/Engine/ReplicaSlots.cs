namespace ControlPlane.Placement;

/// <summary>A node's replica choice kept for cross-node pairing, scored less the node's penalties.</summary>
internal readonly record struct ReplicaSlot(IndexedNode Node, ReplicaOption Option, double Score)
{
    public bool IsEmpty => Node is null;
}

/// <summary>The two best replica slots of one kind: the pairing combines each best with each second.</summary>
internal struct TopTwo
{
    public ReplicaSlot Best;
    public ReplicaSlot Second;

    public void Offer(ReplicaSlot slot)
    {
        if (Best.IsEmpty || slot.Score > Best.Score)
        {
            Second = Best;
            Best = slot;
        }
        else if (Second.IsEmpty || slot.Score > Second.Score)
        {
            Second = slot;
        }
    }
}

/// <summary>One side (prefill or decode) of a shape: the two best nodes per NIC link layer, and ignoring NICs (TCP).</summary>
internal sealed class SideSlots
{
    public TopTwo InfiniBand;
    public TopTwo Ethernet;
    public TopTwo Any;

    public void Keep(ReplicaOptions options, IndexedNode node, double penalty)
    {
        Offer(ref InfiniBand, options.InfiniBand, node, penalty);
        Offer(ref Ethernet, options.Ethernet, node, penalty);
        Offer(ref Any, options.Any, node, penalty);
    }

    private static void Offer(ref TopTwo top, ReplicaOption? option, IndexedNode node, double penalty)
    {
        if (option is not null)
        {
            top.Offer(new ReplicaSlot(node, option, option.Score - penalty));
        }
    }
}

/// <summary>Per shape, the cross-node candidates of a plan step: the best prefill and decode slots.</summary>
internal sealed class ReplicaSlots
{
    public SideSlots Prefill { get; } = new();
    public SideSlots Decode { get; } = new();
}
