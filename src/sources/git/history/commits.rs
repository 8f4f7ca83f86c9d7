//! The commit walk: the tips to start from (every ref, or `--branch` revisions),
//! every commit reachable from them read once (a shallow clone's boundary commits
//! as roots), and their topological order (parents first, older first among peers).

use super::*;

/// The commits to start from: `--branch` revisions, or every ref plus `HEAD`.
pub(super) fn tips(
    repo: &gix::Repository,
    opts: &Options,
    issues: &mut Vec<ScanIssue>,
) -> Result<Vec<ObjectId>, Error> {
    let mut tips = Vec::new();
    if !opts.branches.is_empty() {
        for name in &opts.branches {
            let id = repo
                .rev_parse_single(name.as_str())
                .and_then(|id| id.object())
                .and_then(|o| o.peel_to_commit())
                .map_err(|e| Error::Usage {
                    what: "--branch".into(),
                    message: format!("`{name}` is not a commit in this repository ({e})"),
                })?
                .id;
            tips.push(id);
        }
        return Ok(tips);
    }
    let refs = repo
        .references()
        .map_err(|e| err("could not read the references", e))?;
    let all = refs
        .all()
        .map_err(|e| err("could not read the references", e))?;
    for r in all {
        let mut r = match r {
            Ok(r) => r,
            Err(e) => {
                issues.push(git_issue(
                    "refs",
                    format!("a reference could not be read: {e}"),
                ));
                continue;
            }
        };
        let name = r.name().as_bstr().to_string();
        match r.peel_to_id() {
            Ok(id) => {
                let id = id.detach();
                match repo.try_find_header(id) {
                    Ok(Some(h)) if h.kind() == gix::object::Kind::Commit => tips.push(id),
                    Ok(Some(_)) => {} // a tag of a tree or blob: not history
                    Ok(None) => issues.push(git_issue(
                        &name,
                        format!("points to {id}, which is missing from the object database"),
                    )),
                    Err(e) => issues.push(git_issue(&name, format!("could not read {id}: {e}"))),
                }
            }
            Err(e) => issues.push(git_issue(&name, format!("could not be resolved: {e}"))),
        }
    }
    if let Ok(head) = repo.head_id() {
        tips.push(head.detach());
    }
    tips.sort();
    tips.dedup();
    Ok(tips)
}

/// Every commit reachable from `tips`, each read once.
pub(super) fn walk(
    repo: &gix::Repository,
    tips: Vec<ObjectId>,
    issues: &mut Vec<ScanIssue>,
) -> Result<Vec<Commit>, Error> {
    let shallow: HashSet<ObjectId> = repo
        .shallow_commits()
        .map_err(|e| err("could not read the shallow file", e))?
        .map(|list| list.iter().copied().collect())
        .unwrap_or_default();
    let mut index: HashMap<ObjectId, u32> = HashMap::new();
    let mut commits: Vec<Commit> = Vec::new();
    let mut parent_ids: Vec<Vec<ObjectId>> = Vec::new();
    let mut queue: Vec<(ObjectId, Option<ObjectId>)> =
        tips.into_iter().map(|t| (t, None)).collect();
    let mut buf = Vec::new();
    let mut missing = HashSet::new();
    while let Some((id, child)) = queue.pop() {
        if index.contains_key(&id) || missing.contains(&id) {
            continue;
        }
        let commit = match repo.objects.find_commit(&id, &mut buf) {
            Ok(c) => c,
            Err(e) => {
                let what = match child {
                    Some(c) => format!("commit {id} (parent of {c})"),
                    None => format!("commit {id}"),
                };
                issues.push(git_issue(
                    &id.to_string(),
                    format!("{what} could not be read, so history behind it is not scanned: {e}"),
                ));
                missing.insert(id);
                continue;
            }
        };
        let boundary = shallow.contains(&id);
        let parents: Vec<ObjectId> = if boundary {
            Vec::new()
        } else {
            commit.parents().collect()
        };
        let time = commit.committer().map(|s| s.seconds()).unwrap_or(0);
        let i = u32::try_from(commits.len())
            .map_err(|_| Error::Git("more than 4 billion commits".into()))?;
        index.insert(id, i);
        for p in &parents {
            queue.push((*p, Some(id)));
        }
        commits.push(Commit {
            id,
            tree: commit.tree(),
            parents: Vec::new(),
            time,
            boundary,
        });
        parent_ids.push(parents);
    }
    for (c, ps) in commits.iter_mut().zip(parent_ids) {
        c.parents = ps.iter().filter_map(|p| index.get(p).copied()).collect();
    }
    let cut = commits.iter().filter(|c| c.boundary).count();
    if cut > 0 {
        issues.push(git_issue(
            "<history>",
            format!(
                "the repository is a shallow clone: history stops at {cut} boundary commit{}, and older commits are not scanned (fetch them with `git fetch --unshallow`)",
                if cut == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(commits)
}

/// Commit indices, parents before children; among commits ready at the same time,
/// the older (by committer time) first.
pub(super) fn topo_order(commits: &[Commit]) -> Vec<u32> {
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); commits.len()];
    let mut waiting: Vec<usize> = vec![0; commits.len()];
    for (i, c) in commits.iter().enumerate() {
        waiting[i] = c.parents.len();
        for &p in &c.parents {
            if let Some(ch) = children.get_mut(p as usize) {
                ch.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
        }
    }
    let key = |i: u32| {
        let c = commits.get(i as usize);
        std::cmp::Reverse((c.map_or(0, |c| c.time), c.map(|c| c.id), i))
    };
    let mut ready: BinaryHeap<_> = (0..commits.len())
        .filter(|&i| waiting[i] == 0)
        .map(|i| key(u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut order = Vec::with_capacity(commits.len());
    while let Some(std::cmp::Reverse((_, _, i))) = ready.pop() {
        order.push(i);
        for &ch in children
            .get(i as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if let Some(w) = waiting.get_mut(ch as usize) {
                *w = w.saturating_sub(1);
                if *w == 0 {
                    ready.push(key(ch));
                }
            }
        }
    }
    order
}
