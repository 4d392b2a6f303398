using System.Globalization;

namespace ControlPlane.Wire.Deployments;

/// <summary>
/// The identity a placed pair's objects and reservations carry, apart from the index it serves at: <c>pair-{i}</c> for a
/// pair placed as one, <c>spare-{n}</c> for a warm spare (n from a per-deployment counter, 0..<see cref="MaxSpareNumber"/>).
/// A spare swapped in keeps its unit, so nothing of it is renamed and its pods keep running.
/// </summary>
public readonly record struct PairUnit
{
    /// <summary>Spare numbers stay below 1000 so <c>-prefill-spare-999-gpus</c> still fits a 40-character deployment name.</summary>
    public const int MaxSpareNumber = 999;

    private const string PairPrefix = "pair-";
    private const string SparePrefix = "spare-";

    private PairUnit(bool spare, int number)
    {
        IsSpare = spare;
        Number = number;
    }

    public bool IsSpare { get; }

    /// <summary>The pair index of a <c>pair-{i}</c> unit, the spare number of a <c>spare-{n}</c> unit.</summary>
    public int Number { get; }

    /// <summary><c>pair-3</c> or <c>spare-0</c>: the unit in reservation owners, PairView.Unit and Service names.</summary>
    public string Name => (IsSpare ? SparePrefix : PairPrefix) + Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The <c>controlplane.io/pair</c> label value and the pods' name suffix: <c>3</c> for <c>pair-3</c> (the names pairs
    /// always had), <c>spare-0</c> for a spare.
    /// </summary>
    public string Label => IsSpare ? Name : Number.ToString(CultureInfo.InvariantCulture);

    public static PairUnit Pair(int index) => new(false, index);

    /// <summary><c>{deployment}/pair-{i}</c>, or <c>{deployment}/spare-{n}</c> when <paramref name="unit"/> names a spare (whose index is -1).</summary>
    public static string QualifiedName(string deployment, int index, string? unit) => $"{deployment}/{unit ?? Pair(index).Name}";

    public static PairUnit Spare(int number) => new(true, number);

    /// <summary>The unit a recorded pair carries (<c>pair-{index}</c> when it was recorded before spares).</summary>
    public static PairUnit Of(PairView pair) =>
        pair.Unit is { } unit && TryParse(unit) is { } parsed ? parsed : Pair(pair.Index);

    /// <summary>The revision its reservation owners carry.</summary>
    public static int OwnerRevisionOf(PairView pair) => pair.OwnerRevision ?? pair.Revision;

    /// <summary>Parses <see cref="Name"/> back; null for anything else.</summary>
    public static PairUnit? TryParse(string name)
    {
        if (name.StartsWith(PairPrefix, StringComparison.Ordinal) && ParseNumber(name.AsSpan(PairPrefix.Length)) is { } i)
        {
            return Pair(i);
        }

        return name.StartsWith(SparePrefix, StringComparison.Ordinal) && ParseNumber(name.AsSpan(SparePrefix.Length)) is { } n ? Spare(n) : null;
    }

    /// <summary>Parses <see cref="Label"/> back; null for anything else.</summary>
    public static PairUnit? FromLabel(string label) =>
        ParseNumber(label) is { } i ? Pair(i) : label.StartsWith(SparePrefix, StringComparison.Ordinal) ? TryParse(label) : null;

    public override string ToString() => Name;

    private static int? ParseNumber(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= 9 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
