namespace ControlPlane.Contracts.Errors;

/// <summary>
/// A grain call refused its input with the same rules REST applies: nothing changed. <see cref="Errors"/> names each
/// offending field by its JSON path (<c>prefill.tp</c>, <c>name</c>), as a 400 validation problem does.
/// </summary>
[GenerateSerializer, Alias("cp.InvalidInputException")]
public sealed class InvalidInputException : Exception
{
    public InvalidInputException()
    {
    }

    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidInputException(string title, IReadOnlyDictionary<string, string[]> errors)
        : base($"{title}: {Describe(errors)}; nothing changed")
    {
        Title = title;
        Errors = new Dictionary<string, string[]>(errors, StringComparer.Ordinal);
    }

    /// <summary>What was refused, e.g. "Invalid deployment spec".</summary>
    [Id(0)] public string Title { get; init; } = "Invalid input";

    [Id(1)] public Dictionary<string, string[]> Errors { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Throws when <paramref name="errors"/> names any field.</summary>
    public static void ThrowIfAny(string title, IReadOnlyDictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidInputException(title, errors);
        }
    }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
