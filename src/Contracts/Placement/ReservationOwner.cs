using System.Globalization;

namespace ControlPlane.Contracts.Placement;

/// <summary>
/// The owner key of a replica's reservation: <c>{deployment}/pair-{index}/{role}</c>, with <c>#{revision}</c> once the pair
/// was re-placed (a failover), so the replacement's GPUs and the old pair's (held until its pods are gone) never share
/// an owner. Parsed back by the orphan reconciler to find the deployment that should hold a GPU.
/// </summary>
public readonly record struct ReservationOwner(string Deployment, int Pair, string Role, int Revision)
{
    public override string ToString() =>
        Revision == 0 ? $"{Deployment}/pair-{Pair}/{Role}" : $"{Deployment}/pair-{Pair}/{Role}#{Revision}";

    public static ReservationOwner? TryParse(string owner)
    {
        var revision = 0;
        var hash = owner.LastIndexOf('#');
        if (hash >= 0)
        {
            if (!int.TryParse(owner.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out revision))
            {
                return null;
            }

            owner = owner[..hash];
        }

        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[1].StartsWith("pair-", StringComparison.Ordinal)
            || !int.TryParse(parts[1].AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var pair)
            || parts[2] is not ("prefill" or "decode"))
        {
            return null;
        }

        return new ReservationOwner(parts[0], pair, parts[2], revision);
    }
}
