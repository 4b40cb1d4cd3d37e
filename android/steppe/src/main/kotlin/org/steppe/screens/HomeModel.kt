package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import org.steppe.Steppe
import org.steppe.ffi.Role
import org.steppe.ffi.RoleAt

/** A place in the app a member can go, and the organisation it opens on. */
data class Destination(val screen: Screen, val org: String, val orgName: String)

enum class Screen { CASES, SCHEDULE, ARCHIVE, REQUESTS, HOUSEHOLDS, MEMBER_SERVICE, SCHOOL, BRANCH_LIFE, OVERVIEW }

data class HomeState(
    val roles: List<RoleAt> = emptyList(),
    val destinations: List<Destination> = emptyList(),
    val error: UiError? = null,
)

/** The start screen: what the member's roles let them do, and where each screen opens. */
class HomeModel(steppe: Steppe, scope: CoroutineScope) : ScreenModel<HomeState>(HomeState(), scope) {
    override fun HomeState.withError(error: UiError?) = copy(error = error)

    init {
        follow(steppe.myRoles()) { roles -> copy(roles = roles, destinations = destinationsOf(roles)) }
    }

    companion object {
        fun destinationsOf(roles: List<RoleAt>): List<Destination> {
            val out = linkedSetOf<Destination>()
            for (r in roles) {
                fun go(vararg screens: Screen) = screens.forEach { out += Destination(it, r.org, r.orgName) }
                when (r.role) {
                    Role.MEDIATOR -> go(Screen.CASES)
                    Role.MEMBER -> go(Screen.SCHEDULE, Screen.ARCHIVE, Screen.MEMBER_SERVICE)
                    Role.GRID_WORKER -> go(Screen.REQUESTS, Screen.HOUSEHOLDS, Screen.MEMBER_SERVICE)
                    Role.VOLUNTEER -> go(Screen.REQUESTS)
                    Role.LECTURER -> go(Screen.SCHOOL)
                    Role.SECRETARY -> go(Screen.SCHOOL, Screen.BRANCH_LIFE, Screen.OVERVIEW)
                    Role.SUPERVISOR, Role.ADMINISTRATOR,
                    Role.PARTY_BUILDING_MONITOR, Role.SENTIMENT_MONITOR, Role.INTEGRITY_MONITOR,
                    Role.INSTRUCTOR,
                    -> go(Screen.OVERVIEW)
                }
            }
            // Everyone has a schedule and an archive of their own.
            roles.firstOrNull()?.let {
                out += Destination(Screen.SCHEDULE, it.org, it.orgName)
                out += Destination(Screen.ARCHIVE, it.org, it.orgName)
            }
            return out.toList()
        }
    }
}
