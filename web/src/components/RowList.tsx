import type { ReactNode } from 'react';
import { Empty } from 'antd';

interface Props<T> {
  items: readonly T[];
  rowKey: (item: T) => string;
  render: (item: T) => ReactNode;
  onClick?: (item: T) => void;
  empty?: ReactNode;
  /** Accessible name of the list. */
  label?: string;
}

/**
 * A plain list of rows (antd's List is deprecated in v6). Clickable rows are real buttons, so
 * they are reachable by keyboard and at least 52 px tall for a thumb.
 */
export function RowList<T>({ items, rowKey, render, onClick, empty, label }: Props<T>) {
  if (items.length === 0) return <>{empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}</>;
  return (
    <ul className="sb-rowlist" aria-label={label}>
      {items.map((item) => (
        <li key={rowKey(item)}>
          {onClick ? (
            <button type="button" className="sb-rowlist-row sb-rowlist-button" onClick={() => onClick(item)}>
              {render(item)}
            </button>
          ) : (
            <div className="sb-rowlist-row">{render(item)}</div>
          )}
        </li>
      ))}
    </ul>
  );
}
