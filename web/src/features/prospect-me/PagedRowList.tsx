import { Flex, Pagination, Skeleton } from 'antd';
import type { ComponentProps } from 'react';
import { ErrorState } from '../../components/ErrorState.tsx';
import { RowList } from '../../components/RowList.tsx';

type Props<T> = Omit<ComponentProps<typeof RowList<T>>, 'items'> & {
  /** The page answered, undefined while the first one loads. */
  data: { items: readonly T[]; total: number } | undefined;
  pending: boolean;
  error?: unknown;
  onRetry?: () => void;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
};

/**
 * One page of a phone list: its rows, a simple pager under them when there is more than a page,
 * a skeleton while it loads and the error with a retry when it could not.
 */
export function PagedRowList<T>({
  data,
  pending,
  error,
  onRetry,
  page,
  pageSize,
  onPage,
  ...list
}: Props<T>) {
  if (error && !data) return <ErrorState error={error} onRetry={onRetry} />;
  if (pending || !data) return <Skeleton active style={{ padding: 12 }} />;
  return (
    <>
      <RowList items={data.items} {...list} />
      {data.total > pageSize && (
        <Flex justify="center" style={{ padding: 12 }}>
          <Pagination simple current={page} pageSize={pageSize} total={data.total} onChange={onPage} />
        </Flex>
      )}
    </>
  );
}
