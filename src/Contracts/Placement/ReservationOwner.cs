using System.Globalization;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Contracts.Placement;

/// <summary>
/// The owner key of a replica's reservation: <c>{deployment}/{unit}/{role}</c>, with <c>#{revision}</c> once the unit was
/// re-placed (a failover), so the replacement's GPUs and the old pair's (held until its pods are gone) never share an
/// owner. The unit is <c>pair-{index}</c> for a pair placed as one, <c>spare-{n}</c> for a warm spare (kept when it is
/// swapped in). Parsed back by the orphan reconciler to find the deployment that should hold a GPU.
/// </summary>
public readonly record struct ReservationOwner(string Deployment, string Unit, string Role, int Revision)
{
    /// <summary><see cref="Pair"/> of a spare's owner: it serves at no index.</summary>
    public const int SparePair = -1;

    public ReservationOwner(string deployment, int pair, string role, int revision)
        : this(deployment, PairUnit.Pair(pair).Name, role, revision)
    {
    }

    /// <summary>The serving index of a <c>pair-{i}</c> unit; <see cref="SparePair"/> for a spare's (whose index may change when swapped in).</summary>
    public int Pair => PairUnit.TryParse(Unit) is { IsSpare: false } unit ? unit.Number : SparePair;

    /// <summary>The owner of one replica of a recorded pair or spare.</summary>
    public static ReservationOwner For(string deployment, PairView pair, string role) =>
        new(deployment, PairUnit.Of(pair).Name, role, PairUnit.OwnerRevisionOf(pair));

    /// <summary>What every owner key of <paramref name="deployment"/> starts with (<c>{deployment}/</c>).</summary>
    public static string DeploymentPrefix(string deployment) => deployment + "/";

    public override string ToString() =>
        Revision == 0 ? $"{Deployment}/{Unit}/{Role}" : $"{Deployment}/{Unit}/{Role}#{Revision}";

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
        if (parts.Length != 3 || parts[0].Length == 0 || PairUnit.TryParse(parts[1]) is not { } unit || parts[2] is not ("prefill" or "decode"))
        {
            return null;
        }

        return new ReservationOwner(parts[0], unit.Name, parts[2], revision);
    }
}
