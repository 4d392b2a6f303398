using MudBlazor;

namespace ControlPlane.Web.Portal.Layout;

/// <summary>
/// MudBlazor's default palette with the status colours darkened until white text on them (filled chips and
/// buttons) and they as text on white (outlined buttons, alerts) reach WCAG AA's 4.5:1: the defaults
/// (#00c853 success 2.2:1, #ff9800 warning 2.15:1, #2196f3 info 3.1:1, #f44336 error 3.7:1) fail it.
/// </summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Success = "#2e7d32",
            Warning = "#b45309",
            Info = "#0268a8",
            Error = "#c62828",
        },
    };
}
