import { deliveryChart, type HourlyDeliveries } from './delivery-chart';

const hours = (counts: Array<[number, number]>): HourlyDeliveries[] =>
  counts.map(([succeeded, failed], index) => ({ hour: new Date(Date.UTC(2026, 10, 28, index)), succeeded, failed }));

describe('deliveryChart', () => {
  it('draws one stacked bar per busy hour and says the totals in words', () => {
    const chart = deliveryChart(hours([[0, 0], [3, 1], [0, 2], ...Array.from({ length: 21 }, (): [number, number] => [0, 0])])).value;
    expect(chart).toContain('Deliveries in the last 24 hours: 3 succeeded, 3 failed.');
    expect(chart.match(/class="bar-succeeded"/g)).toHaveLength(1);
    expect(chart.match(/class="bar-failed"/g)).toHaveLength(2);
    expect(chart).toContain('01:00 UTC: 3 succeeded, 1 failed');
    expect(chart).toContain('<td>2026-11-28 02:00</td><td class="num">0</td><td class="num">2</td>');
  });

  it('keeps bars inside the plot when one hour dwarfs the rest', () => {
    const chart = deliveryChart(hours([[997, 3], [1, 0]])).value;
    const heights = [...chart.matchAll(/<rect class="bar-\w+" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(8);
    expect(chart).toContain('>1000<');
  });

  it('says when nothing finished', () => {
    expect(deliveryChart(hours([[0, 0]])).value).toContain('No finished deliveries in the last 24 hours.');
  });
});
