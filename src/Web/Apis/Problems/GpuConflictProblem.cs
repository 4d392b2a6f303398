using ControlPlane.Wire.Gpus;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>The 409 of a report naming GPUs another node still reports: the owner by name, and each GPU with when it may move.</summary>
internal static class GpuConflictProblem
{
    public static ConflictProblem For(string node, GpuConflict[] conflicts)
    {
        var first = conflicts[0];
        var more = conflicts.Length > 1 ? $" (and {conflicts.Length - 1} more GPU(s), see gpus)" : "";
        return new ConflictProblem(
            "GPU belongs to another node",
            $"GPU {first.Uuid} is reported by node '{first.Owner}' (last at {first.OwnerLastSeen:O}){more}. Nothing of this report was stored. "
                + $"If the GPU was moved to '{node}', it becomes '{node}''s once '{first.Owner}' stops reporting it, or at {first.MovableAt:O} if '{first.Owner}' stays silent.",
            new Dictionary<string, object?>
            {
                ["owner"] = first.Owner,
                ["gpus"] = conflicts.Select(c => new { uuid = c.Uuid, owner = c.Owner, ownerLastSeen = c.OwnerLastSeen, movableAt = c.MovableAt }).ToArray(),
            });
    }
}
