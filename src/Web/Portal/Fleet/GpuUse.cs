namespace ControlPlane.Web.Portal.Fleet;

/// <summary>A node's GPUs as placement sees them: free (healthy, unheld), used (held by a replica), unhealthy.</summary>
public readonly record struct GpuUse(int Free, int Used, int Unhealthy)
{
    public static GpuUse Of(ControlPlane.Wire.Placement.PlacementNode node)
    {
        int free = 0, used = 0, unhealthy = 0;
        foreach (var gpu in node.Gpus)
        {
            if (gpu.AllocatedTo is not null)
            {
                used++;
            }
            else if (gpu.Healthy)
            {
                free++;
            }

            if (!gpu.Healthy)
            {
                unhealthy++;
            }
        }

        return new GpuUse(free, used, unhealthy);
    }
}
