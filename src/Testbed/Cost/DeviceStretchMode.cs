namespace Splitwise.Testbed.Cost;

/// <summary>How an emulated device's extra time is derived from a call measured on this machine.</summary>
public enum DeviceStretchMode
{
    /// <summary>Wait (ratio - 1) x measured, ratio = device / host modelled time: everything measured here scales.</summary>
    Ratio,

    /// <summary>Wait until the device's modelled time has passed (nothing if this machine was already slower).</summary>
    ModelTime,
}
