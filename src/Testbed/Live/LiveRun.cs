namespace Splitwise.Testbed.Live;

/// <summary>
/// One real run of a split model on the fabric: ONNX Runtime time of each half on this host and the link's part.
/// </summary>
/// <param name="HeadMs">Edge half, measured (0 when everything runs in the cloud).</param>
/// <param name="TailMs">Cloud half, measured (0 when everything runs on the edge).</param>
/// <param name="UplinkMs">Emulated link delay of the crossing tensor, edge to cloud.</param>
/// <param name="DownlinkMs">Emulated link delay of the result coming back.</param>
public readonly record struct LiveRun(double HeadMs, double TailMs, double UplinkMs, double DownlinkMs);
