import { Card, Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Board } from '../../../../../contracts/attendance.ts';
import { RoleTag } from '../../../components/tags.tsx';
import { formatNumber } from '../../../i18n/format.ts';
import { FlagTags, BoardStatusTag } from '../tags.tsx';
import { timeIn } from '../time.ts';

type Team = Board['teams'][number];
type Person = Team['people'][number];

export type PersonFilter = 'all' | 'notArrived' | 'late' | 'absent' | 'leave';

const FILTERS: Record<PersonFilter, (p: Person) => boolean> = {
  all: () => true,
  // Not checked in: still expected, or past the absent threshold without a check-in.
  notArrived: (p) => !p.checkInAt && (p.status === 'pending' || p.status === 'absent'),
  late: (p) => p.status === 'late',
  absent: (p) => p.status === 'absent',
  leave: (p) => p.status === 'leave',
};

interface Props {
  team: Team;
  filter: PersonFilter;
  /** One team on a wide screen: the people flow in columns. */
  wide: boolean;
  large: boolean;
  /** Staff record a check-in by hand for someone who has none. */
  onPerson?: ((p: Person) => void) | undefined;
  /** Drill down from a department's board to one team's. */
  onTeam?: ((unitId: string) => void) | undefined;
}

export function TeamCard({ team, filter, wide, large, onPerson, onTeam }: Props) {
  const { t, i18n } = useTranslation();
  const people = team.people.filter((p) => FILTERS[filter](p));
  const arrived = team.counts.present + team.counts.late;
  return (
    <Card
      size="small"
      data-testid={`board-team-${team.unitId}`}
      title={
        onTeam ? (
          <Typography.Link
            strong
            onClick={() => onTeam(team.unitId)}
            style={large ? { fontSize: 22 } : { fontSize: 16 }}
            aria-label={t('attendance.board.openTeam', { team: team.unitName })}
          >
            {team.unitName}
          </Typography.Link>
        ) : (
          <Typography.Text strong style={large ? { fontSize: 22 } : { fontSize: 16 }}>
            {team.unitName}
          </Typography.Text>
        )
      }
      extra={
        <Typography.Text style={large ? { fontSize: 20 } : undefined}>
          {t('attendance.board.teamArrived', {
            arrived: formatNumber(arrived, i18n.language),
            expected: formatNumber(team.counts.expected, i18n.language),
          })}
        </Typography.Text>
      }
      styles={{ body: { padding: 0 } }}
    >
      {people.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t(filter === 'all' ? 'attendance.board.teamEmpty' : 'attendance.board.filterEmpty')}
          style={{ padding: '12px 0' }}
        />
      ) : (
        <ul className={wide ? 'sb-att-people sb-att-people-wide' : 'sb-att-people'}>
          {people.map((p) => {
            const clickable = !!onPerson && !p.checkInAt && p.status !== 'leave';
            const content = (
              <>
                <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                  <Flex gap={6} align="center" wrap>
                    <span className="sb-att-person-name">{p.displayName}</span>
                    {p.role !== 'agent' && <RoleTag role={p.role} />}
                  </Flex>
                  <Flex gap={4} wrap>
                    <FlagTags flags={p} />
                    {p.method === 'manual' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('attendance.methods.manual')}
                      </Typography.Text>
                    )}
                  </Flex>
                </Flex>
                <span className="sb-att-person-time" data-testid="board-person-time">
                  {timeIn(p.checkInAt)}
                </span>
                <BoardStatusTag status={p.status} leaveType={p.leaveType} large={large} />
              </>
            );
            return (
              <li key={p.userId} data-testid={`board-person-${p.userId}`} data-status={p.status}>
                {clickable ? (
                  <button
                    type="button"
                    className="sb-att-person sb-att-person-button"
                    onClick={() => onPerson(p)}
                    aria-label={t('attendance.manual.open', { name: p.displayName })}
                  >
                    {content}
                  </button>
                ) : (
                  <div className="sb-att-person">{content}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
