import { useEffect, useRef } from 'preact/hooks';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only the pieces the dashboard draws: keeps the bundle small.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.color = '#3d4557';
Chart.defaults.maintainAspectRatio = false;
// Charts redraw on data changes only; no animation keeps screenshots and tests deterministic.
Chart.defaults.animation = false;

export const PALETTE = ['#2f5bd3', '#e07a1f', '#1f9d74', '#c2418b', '#7a5af5', '#b59b12', '#3a9fc1', '#8a8f9c'];

/**
 * A Chart.js chart. Canvas is invisible to screen readers, so it carries a label and every page
 * that draws one also shows the same numbers in a table.
 */
export function ChartView({ config, label, height = 260 }: { config: ChartConfiguration; label: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    // Canvas text does not wait for web fonts (Devanagari comes from one): redraw when a font arrives.
    const redraw = () => chart.update();
    document.fonts?.addEventListener('loadingdone', redraw);
    return () => {
      document.fonts?.removeEventListener('loadingdone', redraw);
      chart.destroy();
    };
  }, [config]);
  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
