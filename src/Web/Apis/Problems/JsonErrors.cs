using System.Text.Json;
using System.Text.RegularExpressions;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>A JSON reading error as a problem names it: the field by its path, and a message without .NET type names.</summary>
internal static partial class JsonErrors
{
    public static string PathOf(JsonException error) => string.IsNullOrEmpty(error.Path) ? "$" : error.Path;

    public static string MessageOf(JsonException error)
    {
        var message = error.Message.Split(" Path:", 2)[0];
        return Unmapped().Match(message) is { Success: true } unmapped ? $"'{unmapped.Groups[1].Value}' is not a field here" : message;
    }

    [GeneratedRegex("^The JSON property '(.*)' could not be mapped to any .NET member")]
    private static partial Regex Unmapped();
}
