// uPlot on a canvas, in a chunk of its own: only the pages with charts load it.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Series } from "./ui.tsx";

const COLORS = ["#1f5fbf", "#b3261e", "#2e7d32", "#6a1b9a"];

export default function ChartImpl({ x, series, xLabel }: { x: number[]; series: Series[]; xLabel: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const plot = new uPlot(
      {
        width: Math.min(ref.current.clientWidth || 640, 900),
        height: 240,
        // One point alone: a minute either side (uPlot would otherwise span years around it).
        scales: {
          x: {
            time: xLabel === "time",
            ...(x.length === 1 ? { range: [x[0] - 60, x[0] + 60] as [number, number] } : {}),
          },
        },
        // One axis per scale (a series shares another's scale with `scale`, such as a marked point).
        axes: [
          { label: xLabel },
          ...series
            .filter((s) => !s.scale || s.scale === s.label)
            .map((s, i) => ({ scale: s.label, label: s.label, side: i === 0 ? 3 : 1 })),
        ],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            scale: s.scale ?? s.label,
            stroke: COLORS[i % COLORS.length],
            width: s.pointsOnly ? 0 : 2,
            points: s.pointsOnly ? { show: true, size: 10, fill: COLORS[i % COLORS.length] } : undefined,
          })),
        ],
      },
      [x, ...series.map((s) => s.values)],
      ref.current,
    );
    return () => plot.destroy();
  }, [x, series, xLabel]);
  return <div ref={ref} data-testid="chart" />;
}
