using System.Text.Json;

namespace ControlPlane.Web.Ingestion;

/// <summary>The values of a probe body: each read in place, and equal ones taken from the previous report.</summary>
internal static partial class ProbeBodyReader
{
    /// <summary>A string equal to <paramref name="previous"/> is that string: compared in place, nothing allocated.</summary>
    private static bool TryString(ref Utf8JsonReader r, string? previous, out string value)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            value = null!;
            return false;
        }

        value = previous is not null && r.ValueTextEquals(previous) ? previous : r.GetString()!;
        return true;
    }

    private static bool TryNullableString(ref Utf8JsonReader r, string? previous, out string? value)
    {
        value = null;
        return r.TokenType == JsonTokenType.Null || TryString(ref r, previous, out value!);
    }

    private static bool TryInt(ref Utf8JsonReader r, out int value)
    {
        value = 0;
        return r.TokenType == JsonTokenType.Number && r.TryGetInt32(out value);
    }

    private static bool TryLong(ref Utf8JsonReader r, out long value)
    {
        value = 0;
        return r.TokenType == JsonTokenType.Number && r.TryGetInt64(out value);
    }

    private static bool TryNullableInt(ref Utf8JsonReader r, out int? value)
    {
        value = null;
        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        var ok = TryInt(ref r, out var v);
        value = v;
        return ok;
    }

    private static bool TryNullableLong(ref Utf8JsonReader r, out long? value)
    {
        value = null;
        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        var ok = TryLong(ref r, out var v);
        value = v;
        return ok;
    }

    private static bool TryNullableDouble(ref Utf8JsonReader r, out double? value)
    {
        value = null;
        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out var v))
        {
            return false;
        }

        value = v;
        return true;
    }

    private static bool TryBool(ref Utf8JsonReader r, out bool value)
    {
        value = r.TokenType == JsonTokenType.True;
        return r.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>Only a member's exact name: the API's converter reads those the same way (and more, which is left to it).</summary>
    private static bool TryEnum<T>(ref Utf8JsonReader r, out T value)
        where T : struct, Enum
    {
        value = default;
        if (r.TokenType != JsonTokenType.String)
        {
            return false;
        }

        foreach (var (name, member) in EnumNames<T>.All)
        {
            if (r.ValueTextEquals(name))
            {
                value = member;
                return true;
            }
        }

        return false;
    }

    private static class EnumNames<T>
        where T : struct, Enum
    {
        public static readonly (string Name, T Value)[] All = [.. Enum.GetValues<T>().Select(v => (v.ToString(), v))];
    }

    /// <summary>Each property at most once (a repeated one is left to System.Text.Json), and which were there.</summary>
    private struct Seen
    {
        private int _bits;

        public bool Once(int bit)
        {
            if ((_bits & bit) != 0)
            {
                return false;
            }

            _bits |= bit;
            return true;
        }

        public readonly bool All(int bits) => (_bits & bits) == bits;
    }

    /// <summary>
    /// Collects an array read element by element beside the previous one: while every element is the previous
    /// one's (the same object), nothing is allocated and the previous array is the result.
    /// </summary>
    private struct Reuse<T>(T[] previous)
    {
        private List<T>? _fresh;
        private int _count;

        public readonly T? Before => _count < previous.Length ? previous[_count] : default;

        public void Add(T value)
        {
            if (_fresh is null && _count < previous.Length && Same(previous[_count], value))
            {
                _count++;
                return;
            }

            _fresh ??= new List<T>(Math.Max(previous.Length, 4));
            if (_fresh.Count == 0)
            {
                for (var i = 0; i < _count; i++)
                {
                    _fresh.Add(previous[i]);
                }
            }

            _fresh.Add(value);
            _count++;
        }

        public readonly T[] ToArray() =>
            _fresh is not null ? [.. _fresh]
            : _count == previous.Length ? previous
            : previous[.._count];

        private static bool Same(T a, T b) => typeof(T).IsValueType ? EqualityComparer<T>.Default.Equals(a, b) : ReferenceEquals(a, b);
    }
}
